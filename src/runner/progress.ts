// Progress display: a live status line on a TTY, plain timestamped lines (run-perf's `HH:MM:SS.mmm: logger: msg`) otherwise.
import type { RunEvent } from './events.js';

export interface ProgressOptions {
  write(text: string): void;
  tty: boolean;
  /** 0: warnings, test starts/ends and failures; 1: also info; 2: also debug. */
  verbose: number;
  now?: () => Date;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `HH:MM:SS.mmm` of a date in local time. */
export function clock(d: Date): string {
  return `${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/** `1h02m`, `3m05s`, `12s`. */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s >= 3600) return `${Math.floor(s / 3600)}h${pad2(Math.floor((s % 3600) / 60))}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${pad2(s % 60)}s`;
  return `${s}s`;
}

/** A formatter per event kind: a missing case is a compile error. `undefined` = not shown at this verbosity. */
type Formatters = { [K in RunEvent['kind']]: (e: Extract<RunEvent, { kind: K }>, verbose: number) => [source: string, text: string] | undefined };

const FORMAT: Formatters = {
  'run-start': (e) => ['run-perf', `writing ${e.output}: ${e.tests} test run(s), estimated ${duration(e.estimatedSeconds)}`],
  stage: (e, v) => (v >= 1 ? ['runner', e.stage] : undefined),
  'test-start': (e) => ['runner', `running ${e.test}@${e.profile}${e.attempt > 0 ? ` (attempt ${e.attempt + 1}/${e.attempts})` : ''}`],
  sample: (e, v) => (v >= 1 ? [e.test, `${e.iteration} (${e.iterationIndex + 1}/${e.iterations}) sample ${e.sample}/${e.samples}`] : undefined),
  'test-end': (e) => ['runner', `${e.test}@${e.profile} done: ${e.profile}/${e.test}/${e.serial}`],
  'test-failed': (e) => ['runner', `ERROR test ${e.test}@${e.profile} attempt ${e.attempt} failed: ${e.message}${e.willRetry ? '; retrying' : '; test will be SKIPPED!'}`],
  log: (e, v) => (e.level === 'warn' || (e.level === 'info' && v >= 1) || v >= 2 ? [e.source, e.message] : undefined),
  'run-end': (e) => ['run-perf', e.interrupted ? `interrupted; kept what completed in ${e.output} (marked INCOMPLETE)` : `finished: ${e.output}${e.failed ? `, ${e.failed} test(s) FAILED` : ''}`],
};

export class Progress {
  private readonly started: number;
  private estimated = 0;
  private current: Extract<RunEvent, { kind: 'sample' }> | undefined;
  private lineShown = false;
  private readonly o: ProgressOptions;

  constructor(o: ProgressOptions) {
    this.o = o;
    this.started = (o.now?.() ?? new Date()).getTime();
  }

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  /** Status line: profile, test, iteration, sample, elapsed and ETA. */
  statusLine(): string {
    const elapsed = (this.now().getTime() - this.started) / 1000;
    const c = this.current;
    const where = c ? `${c.profile} ${c.test} ${c.iteration} (${c.iterationIndex + 1}/${c.iterations}) sample ${c.sample}/${c.samples}` : 'starting';
    return `[${duration(elapsed)} elapsed, ETA ${duration(this.estimated - elapsed)}] ${where}`;
  }

  handle(event: RunEvent): void {
    if (event.kind === 'run-start') this.estimated = event.estimatedSeconds;
    if (event.kind === 'sample') this.current = event;
    const formatted = (FORMAT[event.kind] as (e: RunEvent, v: number) => [string, string] | undefined)(event, this.o.verbose);
    if (this.o.tty) {
      if (this.lineShown) this.o.write('\r\x1b[2K');
      if (formatted) this.o.write(`${clock(this.now())}: ${formatted[0].padEnd(15)}: ${formatted[1]}\n`);
      if (event.kind === 'run-end') this.lineShown = false;
      else {
        this.o.write(this.statusLine());
        this.lineShown = true;
      }
    } else if (formatted) {
      this.o.write(`${clock(this.now())}: ${formatted[0].padEnd(15)}: ${formatted[1]}\n`);
    }
  }
}
