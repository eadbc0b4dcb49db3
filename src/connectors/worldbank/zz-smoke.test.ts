import { it } from 'vitest';
import { startWorldBankReplayServer } from '../../../test/support/worldbank-replay-server.ts';
import { createWorldBankClient } from './index.ts';
it('smoke', async () => {
  const s = await startWorldBankReplayServer();
  const c = createWorldBankClient({ baseUrl: s.url, perPage: 10 });
  const out: unknown[] = [];
  out.push((await c.indicatorValues({ countries: ['BRA'], indicators: ['NY.GDP.MKTP.CD'] })).slice(0, 2));
  out.push((await c.countries({ region: 'EAS' })).length);
  out.push(await c.indicators({ search: 'poverty' }));
  try { await c.indicatorValues({ countries: ['ABCDEFG', 'HIJKLM'], indicators: ['NY.GDP.MKTP.CD'] }); } catch (e) { out.push(String(e), (e as {details:unknown}).details); }
  out.push(s.requests);
  await s.close();
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
});
