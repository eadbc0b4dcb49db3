import { DUCKDB_OPTIONS } from './chunk-62G2NCEU.js';
import './chunk-Z2USMJAC.js';

// dist/engine/duckdb/read-store-file.js
import { DuckDBInstance } from '@duckdb/node-api';
async function queryStoreFileReadOnly(path, sql) {
  const instance = await DuckDBInstance.create(path, { ...DUCKDB_OPTIONS, access_mode: 'READ_ONLY' });
  try {
    const connection = await instance.connect();
    try {
      return (await connection.runAndReadAll(sql)).getRowObjectsJson();
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}
export { queryStoreFileReadOnly };
