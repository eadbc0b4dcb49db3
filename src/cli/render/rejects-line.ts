/**
 * One line of the rejects file: where, why, and the record as it came — its text from the file when there is one
 * (JSON writes `1e400`, which parses to Infinity, as `null`), else the record as read.
 */
export function rejectsLine(
  rejected: { index: number; line?: number; issues: readonly unknown[] },
  record: unknown,
  text: string | undefined,
): string {
  const head = JSON.stringify({ index: rejected.index, line: rejected.line, issues: rejected.issues });
  // Raw newlines in valid JSON are whitespace (inside strings they must be escaped), so they can become spaces.
  const body = text === undefined ? JSON.stringify(record) : text.replace(/[\r\n]+/g, ' ').trim();
  return body === undefined ? `${head}\n` : `${head.slice(0, -1)},"record":${body}}\n`;
}
