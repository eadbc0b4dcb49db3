/** Where the CLI reads its environment and input and writes its output; injected so tests can supply them. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  /** Answers to interactive questions (`init` on a terminal); commands never ask without one that is a TTY. */
  readonly stdin?: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

let closedPipeHandled = false;

/**
 * Ends the process quietly when the reader of its output goes away (`meshwork list | head`): the write fails with
 * EPIPE, which is the reader's choice, not an error to print with a stack.
 */
function exitQuietlyOnClosedPipe(): void {
  if (closedPipeHandled) return;
  closedPipeHandled = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

/** The real process's streams and environment. */
export function processIo(): CliIo {
  exitQuietlyOnClosedPipe();
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // Read lazily: touching process.stdin sets up a handle, which only `init` on a terminal needs.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
  };
}
