// Records a failure like run-perf: `__error<N>__/{exception,traceback,details,log}` under the folder it belongs to.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ExecError } from './targets/exec-error.js';
import { createErrorDir } from './result-dir.js';

export interface ErrorRecord {
  /** One line, e.g. `test fio@Localhost attempt 0 execution failure: fio exited with code 1`. */
  exception: string;
  error: unknown;
  /** Context: what was running, with which params. */
  details: string;
  /** Log lines of the failed step. */
  log?: readonly string[];
}

/** Write the error folder and return its path. */
export async function recordError(parent: string, record: ErrorRecord): Promise<string> {
  const dir = await createErrorDir(parent);
  const err = record.error instanceof Error ? record.error : new Error(String(record.error));
  let details = record.details;
  if (err instanceof ExecError) {
    const r = err.result;
    details += `\ncommand: ${r.command}\nexit code: ${r.exitCode ?? '-'}\nsignal: ${r.signal ?? '-'}\ntimed out: ${r.timedOut}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`;
  }
  await writeFile(join(dir, 'exception'), record.exception);
  await writeFile(join(dir, 'traceback'), `${err.stack ?? err.message}\n${err.cause ? `caused by: ${String((err.cause as Error).stack ?? err.cause)}\n` : ''}`);
  await writeFile(join(dir, 'details'), details.endsWith('\n') ? details : `${details}\n`);
  if (record.log) await writeFile(join(dir, 'log'), record.log.join('\n') + '\n');
  return dir;
}
