/**
 * Secrets and PII never leak: tokens and webhook secrets never reach the server's log, error messages, events or the
 * audit log; PII values never reach a consumer without a PII grant through rows, exports, errors or events, nor the
 * server's log. The test does what a busy day does, captures every byte that comes out, and searches it.
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { type ServedMesh, serveGovernedMesh } from '../support/http-server.ts';

const CUSTOMERS = 'customer.profiles';

describe('secrets and PII in everything that comes out', () => {
  let s: ServedMesh;
  const log: string[] = [];
  /** Everything dave (a consumer with a grant without PII) was sent. */
  const seenByDave: string[] = [];
  /** Everything any principal was sent, and the CLI printed. */
  const seenByAnyone: string[] = [];
  const secrets: string[] = [];
  let piiValues: string[] = [];

  const call = async (path: string, init: Parameters<ServedMesh['call']>[1] = {}): Promise<Response> => {
    const res = await s.call(path, init);
    const text = await res.clone().text();
    seenByAnyone.push(text, JSON.stringify([...res.headers]));
    if (init.as === 'dave') seenByDave.push(text, JSON.stringify([...res.headers]));
    return res;
  };

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        log.push(String(chunk));
        done();
      },
    });
    s = await serveGovernedMesh({ logger: pino({ level: 'trace' }, sink) });
    // The secrets of the day: every principal's token, a token made over HTTP, a webhook's signing secret.
    secrets.push(...Object.values(s.tokens));
    const made = (await (
      await call('/tokens', { method: 'POST', body: JSON.stringify({ principal: 'bob' }) })
    ).json()) as {
      token: string;
    };
    secrets.push(made.token);
    const hook = (await (
      await call('/webhooks', {
        method: 'POST',
        body: JSON.stringify({ url: 'http://127.0.0.1:9/hook', product: CUSTOMERS }),
      })
    ).json()) as { secret: string };
    secrets.push(hook.secret);
    // The PII of the product, as its owner reads it.
    const owner = await s.gm.carol.product(CUSTOMERS);
    const masked = Object.keys(
      (
        await (
          await s.gm.bob.governance.requestAccess({ product: CUSTOMERS, purpose: 'x' }).then(async (r) => {
            await s.gm.carol.governance.approve(r.id);
            return s.gm.bob.product(CUSTOMERS);
          })
        ).readAccess()
      ).maskedFields,
    );
    const rows = (await owner.query(undefined, { limit: 1000 })).rows;
    piiValues = rows.flatMap((row) => masked.map((field) => String(row[field]))).filter((v) => v.length >= 6);
    expect(masked).toContain('email');
    expect(piiValues.length).toBeGreaterThan(3);
    // dave gets a grant without PII.
    const request = await s.gm.dave.governance.requestAccess({ product: CUSTOMERS, purpose: 'churn' });
    await s.gm.carol.governance.approve(request.id);
  });

  afterAll(async () => {
    await s?.close();
  });

  it('keeps PII from a consumer without a PII grant through rows, exports, errors, quality reports and events', async () => {
    await call(`/products/${CUSTOMERS}/rows?limit=1000`, { as: 'dave' });
    for (const format of ['csv', 'ndjson'])
      await call(`/products/${CUSTOMERS}/export?format=${format}`, { as: 'dave' });
    await call(`/products/${CUSTOMERS}/segments`, { as: 'dave' });
    await call(`/products/${CUSTOMERS}/analytics`, { as: 'dave' });
    const run = (await (
      await call(`/products/${CUSTOMERS}/quality`, { method: 'POST', as: 'carol' })
    ).json()) as {
      runId: number;
    };
    await call(`/products/${CUSTOMERS}/quality/${run.runId}`, { as: 'dave' });
    // Refused reads over masked fields: the refusal must not echo values dave never wrote.
    await call(`/products/${CUSTOMERS}/rows?order=email`, { as: 'dave' });
    await call(`/products/${CUSTOMERS}/rows?filter=${encodeURIComponent("email like '%a%'")}`, {
      as: 'dave',
    });
    await call('/events?limit=1000', { as: 'dave' });
    expect(seenByDave.length).toBeGreaterThan(10);
    const daveText = seenByDave.join('\n');
    // dave did read rows (masked), so the search below searched real answers.
    expect(daveText).toMatch(/"rows":\[\{/);
    for (const value of piiValues) expect(daveText, `PII value ${value}`).not.toContain(value);
    // The server's log never holds a PII value, whoever read it.
    await call(`/products/${CUSTOMERS}/rows?limit=1000`, { as: 'carol' });
    const logText = log.join('');
    // The log names the route pattern, never the path with its query string.
    expect(logText).toContain('"principal":"dave","method":"GET","route":"/products/:id/rows"');
    for (const value of piiValues) expect(logText, `PII value ${value} in the log`).not.toContain(value);
  });

  it('keeps tokens and webhook secrets out of the log, error messages, events and the audit log', async () => {
    // Refused tokens that look like real ones, a real token in the wrong header, a query string with a token.
    const secretOf = (token: string): string => token.slice('mwt_'.length + 13);
    const [erin] = secrets;
    if (erin === undefined) throw new Error('no token');
    for (const authorization of [
      `Bearer ${erin}x`,
      `Bearer ${erin.slice(0, -2)}`,
      `Basic ${erin}`,
      `Bearer ${erin} ${erin}`,
    ]) {
      const res = await fetch(`${s.url}/products`, { headers: { authorization } });
      seenByAnyone.push(await res.text());
      expect(res.status).toBe(401);
    }
    await call(`/products?token=${encodeURIComponent(erin)}`);
    await call('/events?limit=1000');
    await call('/audit?limit=1000');
    await call('/tokens');
    await call('/webhooks');
    // The CLI as a client with a wrong token prints the refusal, not the token.
    const cli = await runCli(['list', '--server', s.url, '--token', `${erin}x`]);
    expect(cli.code).toBe(6);
    seenByAnyone.push(cli.stdout, cli.stderr);

    const outputs = seenByAnyone.slice(4).join('\n');
    const logText = log.join('');
    const audit = JSON.stringify(await s.gm.mesh.governance.auditLog({ limit: 100_000 }));
    for (const secret of secrets) {
      const part = secret.startsWith('mwt_') ? secretOf(secret) : secret;
      expect(part.length).toBeGreaterThanOrEqual(20);
      expect(logText, 'a secret in the server log').not.toContain(part);
      expect(audit, 'a secret in the audit log').not.toContain(part);
      expect(outputs, 'a secret in a response or CLI output').not.toContain(part);
    }
  });
});
