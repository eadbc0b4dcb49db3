import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CliRun } from './run-cli.ts';

const BIN = fileURLToPath(new URL('./meshwork-from-source.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Whether util-linux `script` is here to give the CLI a pseudo-terminal. */
export const HAS_SCRIPT = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

/** One answer to type once the CLI has printed its question. */
export interface TypedAnswer {
  readonly after: RegExp;
  readonly type: string;
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/**
 * Runs the real `meshwork` binary on a pseudo-terminal (through `script`), typing each answer once its question
 * has appeared; stdout and stderr arrive together, as on a terminal.
 */
export function runCliOnTty(
  args: readonly string[],
  options: { answers?: readonly TypedAnswer[]; cwd?: string } = {},
): Promise<CliRun> {
  const command = [process.execPath, BIN, ...args].map(shellQuote).join(' ');
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
    delete env.MESHWORK_STORE;
    const child = spawn('script', ['-qfec', command, '/dev/null'], {
      cwd: options.cwd ?? ROOT,
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const pending = [...(options.answers ?? [])];
    let output = '';
    let seen = 0;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      output += d;
      const next = pending[0];
      if (next?.after.test(output.slice(seen))) {
        pending.shift();
        seen = output.length;
        child.stdin.write(`${next.type}\n`);
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      output += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout: output, stderr: '' }));
  });
}
