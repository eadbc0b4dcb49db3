import api from '@duckdb/node-api';
import { copyFileSync } from 'node:fs';
const acc = new Map();
let phase = 'import';
const orig = api.DuckDBConnection.prototype.run;
api.DuckDBConnection.prototype.run = async function (sql, ...rest) { const t = performance.now(); try { return await orig.call(this, sql, ...rest); } finally { const k = phase + ' ' + String(sql).replace(/\s+/g,' ').slice(0,60); acc.set(k, (acc.get(k) ?? 0) + performance.now() - t); } };
const { Mesh } = await import('/work/main/dist/index.js');
const phases = new Map();
for (let i = 0; i < 5; i++) {
  copyFileSync('/tmp/showprof/mesh.duckdb', '/tmp/showprof/m2.duckdb');
  let t = performance.now();
  const lap = (n) => { const now = performance.now(); phases.set(n, [...(phases.get(n) ?? []), now - t]); t = now; };
  phase = 'open';
  const mesh = await Mesh.open({ store: '/tmp/showprof/m2.duckdb' }); lap('open');
  const product = await mesh.product('sales.transactions');
  for (const [n, f] of [['qualityHistory', () => product.qualityHistory(1)], ['descriptor', () => product.descriptor()], ['listDomains', () => mesh.listDomains()], ['mayRead', () => product.mayRead()], ['metrics', () => product.metrics()], ['lineage', () => product.lineage()], ['versions', () => product.versions()], ['outputPorts', () => product.outputPorts()], ['deprecation', () => product.deprecation()], ['slaStatus', () => product.slaStatus()]]) { phase = n; await f(); lap(n); }
  phase = 'close';
  await mesh.close(); lap('close');
}
const med = (xs) => xs.sort((a,b)=>a-b)[Math.floor(xs.length/2)];
for (const [n, xs] of phases) console.log(n.padEnd(16), med(xs).toFixed(1));
console.log('--- statement totals over 5 runs');
console.log([...acc].sort((a,b)=>b[1]-a[1]).slice(0,15).map(([k,v])=>`${(v/5).toFixed(1).padStart(6)} ${k}`).join('\n'));
