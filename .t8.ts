import { Mesh } from './src/product/mesh.ts';
const mesh = await Mesh.open({ store: '/tmp/exp/cli/m.duckdb' });
console.log(await mesh.listDomains());
console.log(await mesh.defineDomain({ name: 'sales', description: 'Orders' }));
console.log(await mesh.listDomains());
await mesh.close();
