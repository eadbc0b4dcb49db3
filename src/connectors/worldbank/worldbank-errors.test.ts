import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  startWorldBankReplayServer,
  type WorldBankReplayServer,
} from '../../../test/support/worldbank-replay-server.ts';
import type { MeshError } from '../../core/errors.ts';
import { createWorldBankClient } from './worldbank-client.ts';
import type { WorldBankClient } from './worldbank-types.ts';

let server: WorldBankReplayServer;
beforeAll(async () => {
  server = await startWorldBankReplayServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.setFault(undefined);
});

const client = () => createWorldBankClient({ baseUrl: server.url, retries: 2, retryBaseMs: 1 });

async function failure(promise: Promise<unknown>): Promise<MeshError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ name: 'MeshError' });
  return error as MeshError;
}

const INVALID_VALUE = { id: '120', key: 'Invalid value', value: 'The provided parameter value is not valid' };

describe('the API error payload (HTTP 200, [{"message":[...]}])', () => {
  it.each<[string, (c: WorldBankClient) => Promise<unknown>, string]>([
    [
      'error_invalid_country.json',
      (c) => c.listRaw('country/invalid_country_id'),
      '/country/invalid_country_id',
    ],
    [
      'error_invalid_country_list_in_indicator_query.json',
      (c) => c.indicatorValues({ countries: ['ABCDEFG', 'HIJKLM'], indicators: ['NY.GDP.MKTP.CD'] }),
      'countries ABCDEFG;HIJKLM',
    ],
    [
      'error_invalid_indicator.json',
      (c) => c.indicatorValues({ countries: ['all'], indicators: ['INVALID.INDICATOR.ID'] }),
      'indicator INVALID.INDICATOR.ID',
    ],
    [
      'error_invalid_region_filter.json',
      (c) => c.countries({ region: 'invalid_region_id' }),
      'region invalid_region_id',
    ],
  ])(
    'turns %s into upstream_failed naming the request, the URL and the API message',
    async (_file, call, named) => {
      const error = await failure(call(client()));
      expect(error.code).toBe('upstream_failed');
      expect(error.message).toContain(named);
      expect(error.message).toContain('Invalid value: The provided parameter value is not valid (id 120)');
      const url = `${server.url.replace(/\/v2$/, '')}${server.requests[0]}`;
      expect(error.message).toContain(url);
      expect(error.details).toEqual({ url, apiErrors: [INVALID_VALUE] });
      expect(server.requests).toHaveLength(1);
    },
  );

  it('keeps all three messages of error_invalid_indicator_multi.json but names the message once', async () => {
    const call = client().indicatorValues({
      countries: ['JPN', 'USA'],
      indicators: ['INVALID.INDICATOR.ID', 'SP.POP.TOTL'],
      source: 2,
    });
    const error = await failure(call);
    expect(error.code).toBe('upstream_failed');
    expect(error.details?.apiErrors).toEqual([INVALID_VALUE, INVALID_VALUE, INVALID_VALUE]);
    expect(error.message.split('Invalid value:')).toHaveLength(2);
    expect(error.message).toContain('indicators INVALID.INDICATOR.ID;SP.POP.TOTL for countries JPN;USA');
  });

  it('reports the unsupported-language payload of error_unsupported_language.json with its own id', async () => {
    const error = await failure(client().listRaw('languages/invalid_language_code'));
    expect(error.message).toContain(
      'Language is not yet supported in the API: Response requested in an unsupported language. (id 150)',
    );
    expect(error.details?.apiErrors).toEqual([
      {
        id: '150',
        key: 'Language is not yet supported in the API',
        value: 'Response requested in an unsupported language.',
      },
    ]);
  });

  it('recognises the payload even where a list was expected, e.g. on a later page', async () => {
    server.setFault(({ index }) =>
      index === 2 ? { kind: 'fixture', file: 'error_invalid_indicator.json' } : undefined,
    );
    const call = createWorldBankClient({ baseUrl: server.url, perPage: 40 }).indicatorValues({
      countries: ['DEU'],
      indicators: ['SP.POP.TOTL'],
    });
    const error = await failure(call);
    expect(error.message).toContain('(page ');
    expect(error.details?.apiErrors).toEqual([INVALID_VALUE]);
  });
});

describe('HTTP and body failures', () => {
  it('does not retry HTTP 400 (the API answers an unknown source with an HTML page)', async () => {
    const error = await failure(
      client().indicatorValues({
        countries: ['BRA'],
        indicators: ['SP.POP.TOTL', 'NY.GDP.MKTP.CD'],
        source: 99999,
      }),
    );
    expect(error.code).toBe('upstream_failed');
    expect(error.message).toContain('answered HTTP 400 Bad Request');
    expect(error.message).toContain('Request Error');
    expect(error.details).toMatchObject({ status: 400, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('does not retry HTTP 404', async () => {
    const error = await failure(client().listRaw('no-such-endpoint'));
    expect(error.details).toMatchObject({ status: 404, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it('reports a body that is not JSON, quoting its start, and does not retry it', async () => {
    server.setFault(() => ({
      kind: 'body',
      body: '[{"page":1,"pages":1,"per_page":50,"total":1},[{"indicator":',
    }));
    const error = await failure(
      client().indicatorValues({ countries: ['BRA'], indicators: ['SP.POP.TOTL'] }),
    );
    expect(error.code).toBe('upstream_failed');
    expect(error.message).toMatch(
      /sent a body that is not valid JSON for indicator SP\.POP\.TOTL for country BRA/,
    );
    expect(error.message).toContain('body starts with "[{\\"page\\":1');
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['{"message":"hello"}', 'expected a JSON array [pagination, rows]'],
    [
      '[{"page":1,"pages":"two","per_page":50,"total":1},[]]',
      'pagination field "pages" should be a whole number',
    ],
    [
      '[{"page":1,"pages":1,"per_page":50,"total":1},{"rows":[]}]',
      'expected the second element to be a list',
    ],
    [
      '[{"page":1,"pages":1,"per_page":50,"total":1},[{"indicator":{"id":"X","value":"X"},"country":{"id":"BR","value":"Brazil"}}]]',
      'row 0: "date" should be a string',
    ],
    [
      '[{"page":1,"pages":1,"per_page":50,"total":1},[{"indicator":{"id":"X","value":"X"},"country":{"id":"BR","value":"Brazil"},"date":"2020","value":"lots"}]]',
      'row 0: "value" should be a number or null',
    ],
  ])('reports the unexpected shape %s', async (body, problem) => {
    server.setFault(() => ({ kind: 'body', body }));
    const error = await failure(
      client().indicatorValues({ countries: ['BRA'], indicators: ['SP.POP.TOTL'] }),
    );
    expect(error.code).toBe('upstream_failed');
    expect(error.message).toContain('unexpected response for indicator SP.POP.TOTL for country BRA');
    expect(error.message).toContain(problem);
  });

  it('reports a refused connection as a network error after every attempt', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const c = createWorldBankClient({ baseUrl: `http://127.0.0.1:${port}/v2`, retries: 2, retryBaseMs: 1 });
    const error = await failure(c.countries());
    expect(error.code).toBe('upstream_failed');
    expect(error.message).toContain('failed after 3 attempts');
    expect(error.message).toContain('network error');
    expect(error.details).toMatchObject({ attempts: 3 });
  });

  it('reports an indicator lookup that returns no rows', async () => {
    server.setFault(() => ({ kind: 'body', body: '[{"page":1,"pages":1,"per_page":"50","total":0},[]]' }));
    const error = await failure(client().indicator('SP.POP.TOTL'));
    expect(error.code).toBe('upstream_failed');
    expect(error.message).toContain('returned no metadata for indicator SP.POP.TOTL');
  });
});
