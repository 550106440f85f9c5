// The injected world a CLI command sees (argv, env, cwd, streams), so commands run in-process in tests.
import { fdWriter } from './fd-writer.js';

export interface CliIo {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdout: { write(chunk: string): unknown; isTTY?: boolean };
  stderr: { write(chunk: string): unknown; isTTY?: boolean };
  /** Aborted on SIGINT/SIGTERM (the second signal exits at once in main.ts). */
  signal?: AbortSignal;
}

/** The real process world (stdout and stderr written by descriptor, see fd-writer.ts). Only cli/ may call this. */
export function processIo(signal?: AbortSignal): CliIo {
  return {
    argv: process.argv.slice(2),
    env: process.env,
    cwd: process.cwd(),
    stdout: fdWriter(1),
    stderr: fdWriter(2),
    signal,
  };
}

/** An in-memory world for tests: collects stdout/stderr text. */
export function memoryIo(argv: readonly string[], cwd: string, env: Record<string, string | undefined> = {}): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    argv,
    env,
    cwd,
    stdout: { write: (c: string) => (out += c) },
    stderr: { write: (c: string) => (err += c) },
    out: () => out,
    err: () => err,
  };
}
