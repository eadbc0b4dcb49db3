import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { type ExampleMesh, openExampleMesh } from '../../../test/support/example-mesh.ts';
import { Mesh } from '../../product/mesh.ts';
import type { CommandContext } from '../command-context.ts';
import { registerEvents } from './events.ts';

let em: ExampleMesh | undefined;
afterEach(async () => {
  await em?.cleanup();
  em = undefined;
});

/** Runs `meshwork <args>` with only the events commands registered, on the example store; returns what it printed. */
async function run(store: string, args: string[]): Promise<{ stdout: string; code: number }> {
  let stdout = '';
  let code = 0;
  const ctx: CommandContext = {
    io: {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: () => true },
      env: {},
      cwd: process.cwd(),
    },
    openMesh: (_options, access) =>
      Mesh.open({ store, create: false, ...(access === 'read-only' ? { readOnly: true } : {}) }),
    storeLocation: () => store,
    auditKey: () => undefined,
    setExitCode: (c) => {
      code = c;
    },
  };
  const program = new Command().exitOverride();
  registerEvents(program, ctx);
  await program.parseAsync(args, { from: 'user' });
  return { stdout, code };
}

describe('meshwork events and webhook (registerEvents)', () => {
  it('lists events after a cursor as text and JSON, and manages a webhook through a delivery', async () => {
    em = await openExampleMesh();
    await em.mesh.close();
    const json = await run(em.store, ['events', '--type', 'product.created', '--json']);
    const lines = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; cursor: number });
    expect(lines.map((e) => e.type)).toEqual(['product.created', 'product.created']);
    const text = await run(em.store, ['events', '--after', String(lines[0]?.cursor), '--limit', '1']);
    expect(text.stdout.split('\t')[0]).toBe(String((lines[0]?.cursor ?? 0) + 1));
    const got: string[] = [];
    const server = createServer((req, res) => {
      got.push(String(req.headers['webhook-id']));
      req.resume();
      req.on('end', () => res.end());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const added = JSON.parse(
        (await run(em.store, ['webhook', 'add', url, '--domain', 'sales', '--after', '0', '--json'])).stdout,
      ) as {
        id: string;
        secret: string;
      };
      expect(added.secret).toMatch(/^whsec_/);
      expect((await run(em.store, ['webhook', 'list'])).stdout).toContain(added.id);
      expect((await run(em.store, ['webhook', 'list'])).stdout).not.toContain(added.secret);
      const pass = JSON.parse((await run(em.store, ['webhook', 'dispatch', '--json'])).stdout) as {
        delivered: number;
      };
      expect(pass.delivered).toBeGreaterThan(0);
      expect(got).toHaveLength(pass.delivered);
      const log = JSON.parse((await run(em.store, ['webhook', 'deliveries', added.id, '--json'])).stdout) as {
        eventId: string;
      }[];
      expect(log).toHaveLength(pass.delivered);
      const again = await run(em.store, ['webhook', 'redeliver', added.id, log[0]?.eventId ?? '']);
      expect(again.stdout).toMatch(/^succeeded \(attempt 2, HTTP 200\)/);
      expect(await run(em.store, ['webhook', 'remove', added.id])).toMatchObject({ code: 0 });
      expect((await run(em.store, ['webhook', 'list'])).stdout.trim()).toBe('no webhooks');
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
