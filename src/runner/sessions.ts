// `__sessions__/<host>` transcripts: every command sent to a machine, with `# stage` markers, secrets masked.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { SECRET_KEY } from './mask.js';
import { quoteArgv } from './targets/shell-quote.js';
import type { ExecOptions, ExecResult, Target, Transport } from './targets/types.js';
import { makeDirsSync } from '../make-dirs.js';

/** Words like `--password=x` or `token=x` are written as `--password=MASKED`. */
function maskWord(word: string): string {
  const eq = word.indexOf('=');
  return eq > 0 && SECRET_KEY.test(word.slice(0, eq)) ? `${word.slice(0, eq)}=MASKED` : word;
}

export class SessionLog {
  private readonly file: string;
  constructor(dir: string, host: string) {
    makeDirsSync(dir);
    this.file = join(dir, host.replace(/[^A-Za-z0-9_.-]/g, '_'));
  }

  write(text: string): void {
    appendFileSync(this.file, text);
  }

  stage(name: string): void {
    this.write(`# ${name}\n`);
  }
}

/** A target whose transport writes each command and its outcome to the session log. */
export function recordedTarget(target: Target, log: SessionLog): Target {
  const inner = target.transport;
  const transport: Transport = {
    kind: inner.kind,
    async exec(argv: readonly string[], opts?: ExecOptions): Promise<ExecResult> {
      log.write(`${quoteArgv(argv.map(maskWord))}\n`);
      try {
        const r = await inner.exec(argv, opts);
        if (r.failed) log.write(`#   -> failed: exit ${r.exitCode ?? '-'}${r.signal ? ` signal ${r.signal}` : ''}${r.timedOut ? ' (timed out)' : ''}\n`);
        return r;
      } catch (e) {
        log.write(`#   -> ${(e as Error).message.split('\n')[0]}\n`);
        throw e;
      }
    },
    copyTo: (l, r) => (log.write(`# copy ${l} -> ${target.name}:${r}\n`), inner.copyTo(l, r)),
    copyFrom: (r, l) => (log.write(`# copy ${target.name}:${r} -> ${l}\n`), inner.copyFrom(r, l)),
    close: () => inner.close(),
  };
  return { ...target, transport };
}
