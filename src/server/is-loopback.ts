import { isIP } from 'node:net';

/** Tells whether a listen host is loopback only (127.0.0.0/8, ::1 or localhost), where `--dev` may run. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}
