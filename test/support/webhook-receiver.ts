/** A webhook receiver for the tests: a real HTTP server on 127.0.0.1 that keeps every delivery it gets. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the receiver got. */
export interface ReceivedDelivery {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A running receiver: where to send, what came, and how to stop it. */
export interface WebhookReceiver {
  readonly url: string;
  readonly got: ReceivedDelivery[];
  close(): Promise<void>;
}

/**
 * Starts a receiver that answers each request with the next status of `script`, then `status` (default 200), after
 * `delayMs` (a slow receiver keeps deliveries in flight while other dispatchers run).
 */
export async function startWebhookReceiver(
  options: { script?: number[]; delayMs?: number; status?: number } = {},
): Promise<WebhookReceiver> {
  const script = [...(options.script ?? [])];
  const got: ReceivedDelivery[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      setTimeout(() => {
        res.statusCode = script.shift() ?? options.status ?? 200;
        res.end();
      }, options.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    got,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
