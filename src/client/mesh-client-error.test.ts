import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ContractViolationError, MeshError } from '../core/errors.ts';
import { MeshClient } from './mesh-client.ts';
import {
  MeshClientContractError,
  MeshClientError,
  toMeshClientError,
  unreachableError,
} from './mesh-client-error.ts';

describe('toMeshClientError', () => {
  it('keeps a core code, the detail, the issues and the violations of a problem', () => {
    const e = toMeshClientError(
      403,
      {
        code: 'policy_denied',
        detail: 'policy no-pii denied the operation',
        violations: [{ policyId: 'no-pii', path: 'schema', message: 'x' }],
        requestId: 'r1',
      },
      'GET /products',
    );
    expect(e).toBeInstanceOf(MeshClientError);
    expect(e).toBeInstanceOf(MeshError);
    expect(e).toMatchObject({ code: 'policy_denied', status: 403, requestId: 'r1' });
    expect(e.message).toBe('policy no-pii denied the operation');
    expect(e.violations).toEqual([{ policyId: 'no-pii', path: 'schema', message: 'x' }]);
  });

  it('makes a contract_violation a ContractViolationError with its issues', () => {
    const e = toMeshClientError(
      422,
      {
        code: 'contract_violation',
        detail: 'bad',
        issues: [{ path: ['amount'], code: 'type', message: 'm' }],
      },
      'POST /products',
    );
    expect(e).toBeInstanceOf(MeshClientContractError);
    expect(e).toBeInstanceOf(ContractViolationError);
    expect(e.issues).toEqual([{ path: ['amount'], code: 'type', message: 'm' }]);
  });

  it('maps the HTTP edge’s own codes to the nearest core code and keeps them as problemCode', () => {
    expect(toMeshClientError(413, { code: 'payload_too_large', detail: 'x' }, 'POST /x')).toMatchObject({
      code: 'invalid_input',
      problemCode: 'payload_too_large',
    });
    expect(toMeshClientError(429, { code: 'rate_limited', detail: 'x' }, 'GET /x')).toMatchObject({
      code: 'storage_unavailable',
      problemCode: 'rate_limited',
    });
  });

  it('names the request and status for an answer that is no problem document (a proxy’s page)', () => {
    const e = toMeshClientError(502, '<html>Bad Gateway</html>', 'GET /products');
    expect(e).toMatchObject({ code: 'upstream_failed', status: 502, problemCode: 'http_502' });
    expect(e.message).toContain('GET /products answered 502: <html>Bad Gateway</html>');
    expect(toMeshClientError(404, '', 'GET /nowhere')).toMatchObject({ code: 'not_found' });
  });

  it('says which URL could not be reached, as storage_unavailable', () => {
    const e = unreachableError(
      'http://127.0.0.1:9',
      new TypeError('fetch failed', { cause: new Error('ECONNREFUSED') }),
    );
    expect(e.code).toBe('storage_unavailable');
    expect(e.message).toContain('http://127.0.0.1:9 (ECONNREFUSED)');
  });
});

describe('MeshClient with an injected fetch', () => {
  it('sends the token and reads a non-problem error from a plain HTTP server as a typed error', async () => {
    const seen: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(500, { 'content-type': 'text/plain' }).end('boom');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const calls: string[] = [];
    const client = new MeshClient({
      url: `${url}/`,
      token: 'mwt_x',
      fetch: (input, init) => {
        calls.push(String(input));
        return fetch(input, init);
      },
    });
    try {
      const error = await client.domains().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: 'upstream_failed', status: 500 });
      expect(calls).toEqual([`${url}/domains`]);
      expect(seen).toEqual(['Bearer mwt_x']);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});
