/** A structured logger: a fixed message plus fields. */
export interface WorldBankLogger {
  debug(message: string, fields: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields: Readonly<Record<string, unknown>>): void;
}

/** The logger used when none is given: it drops everything. */
export const SILENT_LOGGER: WorldBankLogger = { debug() {}, warn() {} };
