// Error classes shared by every part of perfgate; the CLI maps each error kind to one exit code.

/** What went wrong, from the user's point of view; src/cli/exit-codes.ts maps each kind to an exit code. */
export type ErrorKind =
  | 'usage' // bad command line
  | 'input' // unreadable or malformed result tree, model or other input file
  | 'config' // bad configuration file or plugin options
  | 'environment' // a required tool, host or service is missing or unreachable
  | 'interrupted' // SIGINT/SIGTERM stopped the run
  | 'internal'; // a bug in perfgate

export interface PerfgateErrorOptions {
  /** Stable machine code, `PERFGATE_<AREA>_<WHAT>`. */
  code: string;
  kind: ErrorKind;
  /** One short sentence telling the user what to do. */
  hint?: string;
  cause?: unknown;
}

/** Base class for every error perfgate raises on purpose. The message is one line and names the file or field. */
/** Brand of every PerfgateError, shared across copies of this module (Symbol.for is process-wide). */
const PERFGATE_ERROR = Symbol.for('perfgate.error');

export class PerfgateError extends Error {
  readonly [PERFGATE_ERROR] = true;
  readonly code: string;
  readonly kind: ErrorKind;
  readonly hint: string | undefined;

  constructor(message: string, options: PerfgateErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PerfgateError';
    this.code = options.code;
    this.kind = options.kind;
    this.hint = options.hint;
  }
}

/** Bad command-line usage. */
export class UsageError extends PerfgateError {
  constructor(message: string, hint?: string, code = 'PERFGATE_USAGE') {
    super(message, { code, kind: 'usage', hint });
    this.name = 'UsageError';
  }
}

/** Bad input data: names the file (and JSON path or line) that is wrong. */
export class InputError extends PerfgateError {
  readonly file: string | undefined;
  constructor(message: string, options: { code: string; file?: string; hint?: string; cause?: unknown }) {
    super(message, { code: options.code, kind: 'input', hint: options.hint, cause: options.cause });
    this.name = 'InputError';
    this.file = options.file;
  }
}

/** A configuration problem; `issues` lists every problem found, each with its dot-path. */
export class ConfigError extends PerfgateError {
  readonly issues: readonly string[];
  constructor(message: string, issues: readonly string[] = [], hint?: string) {
    super(message, { code: 'PERFGATE_CONFIG_INVALID', kind: 'config', hint });
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** Something outside perfgate is missing or failing (a binary, a host, an API server). */
export class EnvironmentError extends PerfgateError {
  constructor(message: string, options: { code: string; hint?: string; cause?: unknown }) {
    super(message, { ...options, kind: 'environment' });
    this.name = 'EnvironmentError';
  }
}

/** The run was stopped by a signal; whatever completed was kept. */
export class InterruptedError extends PerfgateError {
  constructor(message = 'interrupted', hint?: string) {
    super(message, { code: 'PERFGATE_INTERRUPTED', kind: 'interrupted', hint });
    this.name = 'InterruptedError';
  }
}

export function isPerfgateError(e: unknown): e is PerfgateError {
  // The brand also recognises errors from another copy of this module: a plugin importing 'perfgate' while the CLI
  // runs from its bundle (dist/bin), or a plugin with its own perfgate in its node_modules.
  return e instanceof PerfgateError || (e instanceof Error && (e as unknown as Record<symbol, unknown>)[PERFGATE_ERROR] === true);
}
