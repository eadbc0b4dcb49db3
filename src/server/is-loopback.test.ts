import { expect, it } from 'vitest';
import { isLoopbackHost } from './is-loopback.ts';

it('tells loopback hosts from the others', () => {
  for (const h of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost'])
    expect(isLoopbackHost(h)).toBe(true);
  for (const h of ['0.0.0.0', '::', '10.0.0.1', 'example.com', '128.0.0.1'])
    expect(isLoopbackHost(h)).toBe(false);
});
