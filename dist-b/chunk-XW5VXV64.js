// dist/server/is-loopback.js
import { isIP } from 'node:net';
function isLoopbackHost(host) {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

// dist/server/server-options.js
var DEFAULT_LIMITS = {
  maxBodyBytes: 1024 * 1024,
  maxIngestBytes: 256 * 1024 * 1024,
  maxRowsPerResponse: 1e3,
  rateLimit: 600,
  rateWindowMs: 6e4,
};

// dist/product/ingest-result.js
var ON_EXISTING_MODES = ['reject', 'skip', 'update'];

export { ON_EXISTING_MODES, isLoopbackHost, DEFAULT_LIMITS };
