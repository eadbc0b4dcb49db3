/**
 * The yardstick of `npm run bench:http`: a bare Hono route on @hono/node-server that answers every GET with the JSON
 * body it was given (a real Meshwork answer), so the difference is what Meshwork does per request.
 * Usage (by bench/http.ts): node --import tsx bench/http-bare-hono.ts <body-file>; prints `listening <url>`.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: http-bare-hono.ts <body-file>');
const body = JSON.parse(readFileSync(file, 'utf8')) as unknown;
const app = new Hono();
app.get('*', (c) => c.json(body));
serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => {
  process.stdout.write(`listening http://127.0.0.1:${info.port}\n`);
});
