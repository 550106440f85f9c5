// The only place that turns errors into exit codes: one-line messages for user errors, a report link for bugs.
import { setMaxListeners } from 'node:events';
import { isPerfgateError } from '../errors.js';
import { ExitCode, exitCodeFor } from './exit-codes.js';
import type { CliIo } from './io.js';
import { fdWriter } from './fd-writer.js';
import { packageVersion } from './package-version.js';
import { processIo } from './io.js';

export type Command = (io: CliIo) => Promise<number>;

const ISSUE_URL = 'https://github.com/perfgate/perfgate/issues';

/** Run a command with an injected world; never throws, returns the exit code. */
export async function runCommand(prog: string, command: Command, io: CliIo): Promise<number> {
  try {
    return await command(io);
  } catch (e) {
    return reportError(prog, e, io);
  }
}

/** Print an error the way users should see it and return its exit code. */
export function reportError(prog: string, e: unknown, io: Pick<CliIo, 'stderr' | 'env'>): number {
  if (isPerfgateError(e)) {
    const lines = [`${prog}: error: ${e.message}`];
    const issues = (e as { issues?: readonly string[] }).issues;
    if (issues) for (const issue of issues) lines.push(`  - ${issue}`);
    if (e.hint) lines.push(`  hint: ${e.hint}`);
    if (e.kind === 'internal' && io.env['PERFGATE_DEBUG']) lines.push(String(e.stack));
    io.stderr.write(lines.join('\n') + '\n');
    return exitCodeFor(e.kind);
  }
  const err = e instanceof Error ? e : new Error(String(e));
  io.stderr.write(
    `${prog}: internal error: ${err.message}\n` +
      `  This is a bug in perfgate; please report it at ${ISSUE_URL} with the output of PERFGATE_DEBUG=1.\n` +
      (io.env['PERFGATE_DEBUG'] ? `${err.stack}\n` : ''),
  );
  return ExitCode.INTERNAL;
}

export interface MainOptions {
  /**
   * How SIGINT and SIGTERM stop the command. `abort` (the default): the first signal aborts `io.signal`, so a command
   * that runs processes or hosts can stop them and keep its results (a second signal exits at once with 130).
   * `default`: Node's own action, the process ends at once. For the offline CLIs, which work synchronously: a
   * JavaScript handler would only run once their work was done, so Ctrl-C was lost and the run could still pass.
   * They write every file through a temporary name and a rename, so a stop leaves no half-written report or
   * model (at most a hidden temporary file); strip-run-perf's hidden staging folder is removed by its next run.
   */
  signals?: 'abort' | 'default';
}

/** Entry for the bin scripts: wire signals, run, set process.exitCode. */
export async function main(prog: string, command: Command, options: MainOptions = {}): Promise<void> {
  // until the command settles: one that never does (its event loop ran dry) must not pass a CI gate with exit 0
  process.exitCode = ExitCode.INTERNAL;
  // every binary answers a lone --version the same way (some parsers also accept it among other options)
  if (process.argv.length === 3 && process.argv[2] === '--version') {
    try {
      fdWriter(1).write(`${prog} (perfgate) ${packageVersion()}\n`);
      process.exitCode = ExitCode.OK;
    } catch (e) {
      // stdout on a full disk (exit 69), as for any command
      process.exitCode = reportError(prog, e, { stderr: fdWriter(2), env: process.env });
    }
    return;
  }
  const controller = new AbortController();
  let io: CliIo;
  try {
    io = processIo(controller.signal);
  } catch (e) {
    // process.cwd() fails when the working folder was deleted (e.g. by a cleanup step of a CI job)
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    fdWriter(2).write(`${prog}: error: the current working folder cannot be read (${reason})\n  hint: cd to an existing folder and run it again\n`);
    process.exitCode = ExitCode.ENVIRONMENT;
    return;
  }
  // every running command (one per host, worker and monitor) listens for the abort: many at once is normal, not a leak
  setMaxListeners(0, controller.signal);
  if (options.signals === 'default') {
    process.exitCode = await runCommand(prog, command, io);
    return;
  }
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) {
      io.stderr.write(`${prog}: second ${sig}, aborting at once\n`);
      process.exit(ExitCode.INTERRUPTED);
    }
    io.stderr.write(`${prog}: ${sig} received, stopping (press Ctrl-C again to abort at once)\n`);
    controller.abort(new Error(sig));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const code = await runCommand(prog, command, io);
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.exitCode = code;
}
