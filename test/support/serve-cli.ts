/** Runs `meshwork serve` as a child process (from the sources) for the end-to-end tests of the CLI as a client. */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT } from './run-cli.ts';

const BIN = fileURLToPath(new URL('./meshwork-from-source.js', import.meta.url));

/** A running `meshwork serve`, where it listens, and the admin token it printed on its first start. */
export interface ServedCli {
  readonly child: ChildProcess;
  readonly url: string;
  readonly adminToken: string | undefined;
  readonly stderr: () => string;
  readonly exited: Promise<number | null>;
  stop(): Promise<void>;
}

/** Spawns `meshwork serve` with the arguments (and extra environment) and waits until it says where it listens. */
export function serveCli(
  args: readonly string[],
  cwd = ROOT,
  extraEnv: Readonly<Record<string, string>> = {},
): Promise<ServedCli> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...extraEnv };
    delete env.MESHWORK_STORE;
    delete env.MESHWORK_URL;
    delete env.MESHWORK_TOKEN;
    const child = spawn(process.execPath, [BIN, 'serve', ...args], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    child.stdout?.resume();
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      const m = /serving .* at (http:\/\/\S+) /.exec(err);
      if (m?.[1])
        resolve({
          child,
          url: m[1],
          adminToken: /\n(mwt_\S+)\n/.exec(err)?.[1],
          stderr: () => err,
          exited,
          stop: async () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
    });
    void exited.then((code) => reject(new Error(`serve exited with ${code}: ${err}`)));
    setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 30_000).unref();
  });
}

/** Splits one README command line into arguments: words, and "double" or 'single' quoted strings. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  return words;
}

/** The commands of the README's quick start, as written there (after the marker, up to the end of the block). */
export function readmeQuickStart(): string[][] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const marker = readme.indexOf('<!-- quick-start:');
  const start = readme.indexOf('```sh\n', marker) + '```sh\n'.length;
  const block = readme.slice(start, readme.indexOf('\n```', start));
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#\s.*$/, '').trim())
    .filter((line) => line.startsWith('npx meshwork '))
    .map((line) => shellWords(line).slice(2));
}
