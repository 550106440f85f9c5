// Synchronous, complete writes to stdout or stderr by file descriptor, without Node's stream objects.
import { fstatSync, statSync, writeSync } from 'node:fs';
import { EnvironmentError } from '../errors.js';

/** What a CLI writes to: whole strings, in order, before `write` returns. */
export interface FdWriter {
  write(chunk: string): boolean;
  readonly isTTY: boolean;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

/** /dev/null's device number, or -1 where it cannot be read. */
function devNull(): number {
  try {
    return statSync('/dev/null').rdev;
  } catch {
    return -1;
  }
}

/**
 * Whether fd is a terminal. A pipe, socket or file (a CI log, a redirect) is told apart by one fstat, /dev/null by
 * its device number; only another character device asks node:tty, whose module loads node:net.
 */
function isTerminal(fd: number): boolean {
  let st;
  try {
    st = fstatSync(fd);
  } catch {
    return false;
  }
  if (!st.isCharacterDevice() || st.rdev === devNull()) return false;
  const tty = process.getBuiltinModule('node:tty');
  return tty.isatty(fd);
}

/**
 * A writer for fd 1 or 2. Node's process.stdout/stderr cost every start a few ms of stream set-up (and load
 * node:net for a pipe); the CLIs write a report and some log lines, which these plain writes handle:
 * - every byte is written before write returns (a partial write continues; a non-blocking descriptor that is
 *   full is retried every millisecond), so output is never lost or reordered at exit;
 * - a closed reader (EPIPE, e.g. `compare-perf … | head`) ends the output quietly instead of failing the run;
 * - any other failure (a full disk or `> /dev/full`: ENOSPC; EIO) is the environment's, not a bug: on stdout an
 *   EnvironmentError (exit 69) naming the cause, which main() reports on stderr; on stderr, where nothing could
 *   report it, the output ends quietly.
 * `write` is fs.writeSync (another function only in tests, to produce short writes and EAGAIN).
 */
export function fdWriter(fd: number, write: typeof writeSync = writeSync): FdWriter {
  let closed = false;
  let tty: boolean | undefined;
  return {
    get isTTY(): boolean {
      return (tty ??= isTerminal(fd));
    },
    write(chunk: string): boolean {
      if (closed) return false;
      const bytes = Buffer.from(chunk, 'utf8');
      let at = 0;
      while (at < bytes.length) {
        try {
          at += write(fd, bytes, at, bytes.length - at);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          if (code === 'EAGAIN') {
            Atomics.wait(sleeper, 0, 0, 1);
            continue;
          }
          if (code === 'EPIPE' || fd === 2) {
            closed = true;
            return false;
          }
          closed = true;
          const name = fd === 1 ? 'standard output' : `file descriptor ${fd}`;
          throw new EnvironmentError(`cannot write to ${name} (${code ?? (e as Error).message})`, {
            code: 'PERFGATE_OUTPUT_FAILED',
            hint: code === 'ENOSPC' ? 'free some space where the output is redirected, or redirect it elsewhere' : 'check where the output is redirected',
            cause: e,
          });
        }
      }
      return true;
    },
  };
}
