/**
 * The supply chain as the lockfile records it: every package pinned by version and integrity hash, and no install
 * script that the project did not approve (package.json `allowScripts`, which npm 11 reads).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/run-cli.ts';

interface LockPackage {
  readonly version?: string;
  readonly integrity?: string;
  readonly link?: boolean;
  readonly dev?: boolean;
  readonly hasInstallScript?: boolean;
}

const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as {
  lockfileVersion: number;
  packages: Record<string, LockPackage>;
};
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts?: Record<string, boolean>;
};
const installed = Object.entries(lock.packages).filter(([path, p]) => path !== '' && p.link !== true);

describe('the supply chain', () => {
  it('pins every package in the lockfile by version and a sha512 integrity hash', () => {
    expect(lock.lockfileVersion).toBeGreaterThanOrEqual(3);
    expect(installed.length).toBeGreaterThan(50);
    for (const [path, p] of installed) {
      expect(p.version, path).toMatch(/^\d+\.\d+\.\d+/);
      expect(p.integrity, path).toMatch(/^sha512-/);
    }
  });

  it('locks every direct dependency', () => {
    for (const name of [...Object.keys(manifest.dependencies), ...Object.keys(manifest.devDependencies)])
      expect(lock.packages[`node_modules/${name}`], name).toBeDefined();
  });

  it('runs no install script the project did not decide on, and none among the run-time dependencies', () => {
    const withScripts = installed.filter(([, p]) => p.hasInstallScript === true);
    for (const [path, p] of withScripts) {
      const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
      expect(Object.keys(manifest.allowScripts ?? {}), `${name} has an install script`).toContain(name);
      // What a user installs with `npm install meshwork` runs no install script at all.
      expect(p.dev, `${name} is a run-time dependency with an install script`).toBe(true);
    }
  });
});
