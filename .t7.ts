import { DuckDBInstance } from '@duckdb/node-api';
const inst = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
const c = await inst.connect();
try {
  const s = await c.stream("SELECT * FROM read_csv($1, header = true, all_varchar = true, store_rejects = true)", ['/tmp/exp/t.csv']);
  console.log(s.columnNames());
  let ch; while ((ch = await s.fetchChunk()) && ch.rowCount > 0) console.log(ch.getRowObjects(s.columnNames()));
  const r = await c.runAndReadAll('SELECT * FROM reject_errors');
  console.log(r.getRowObjects());
} catch (e) { console.log('ERR', (e as Error).message); }
try { await c.stream("SELECT * FROM read_csv($1, header = true, all_varchar = true)", ['/tmp/exp/nonexist.csv']); } catch (e) { console.log('ERR2', (e as Error).message.split('\n')[0]); }
try { const s = await c.stream("SELECT * FROM read_parquet($1)", ['/tmp/exp/t.csv']); await s.fetchChunk(); } catch (e) { console.log('ERR3', (e as Error).message.split('\n')[0]); }
const d = await c.runAndReadAll("DESCRIBE SELECT * FROM read_parquet($1)", ['/tmp/exp/out.parquet']); console.log(d.getRowObjects());
