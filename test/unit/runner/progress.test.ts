// Progress: plain timestamped lines without a TTY; a live status line with elapsed time and ETA on a TTY.
import { describe, expect, it } from 'vitest';
import { duration, Progress } from '../../../src/runner/progress.js';

const at = (s: number) => () => new Date(2026, 0, 2, 3, 4, s, 5);

describe('progress display', () => {
  it('formats durations', () => {
    expect([duration(5), duration(65), duration(3725), duration(-3)]).toEqual(['5s', '1m05s', '1h02m', '0s']);
  });

  it('writes run-perf style timestamped lines when not on a TTY, hiding samples at verbosity 0', () => {
    let out = '';
    const p = new Progress({ write: (t) => (out += t), tty: false, verbose: 0, now: at(6) });
    p.handle({ kind: 'run-start', output: '/r', tests: 1, estimatedSeconds: 90 });
    p.handle({ kind: 'sample', profile: 'Localhost', test: 'fio', iteration: 'read-4KiB', iterationIndex: 0, iterations: 2, sample: 1, samples: 3 });
    p.handle({ kind: 'test-failed', profile: 'Localhost', test: 'fio', attempt: 2, message: 'boom', willRetry: false });
    expect(out).toBe(
      '03:04:06.005: run-perf       : writing /r: 1 test run(s), estimated 1m30s\n' +
        '03:04:06.005: runner         : ERROR test fio@Localhost attempt 2 failed: boom; test will be SKIPPED!\n',
    );
  });

  it('keeps a live status line with where it is, elapsed and ETA on a TTY', () => {
    let out = '';
    let now = 0;
    const p = new Progress({ write: (t) => (out += t), tty: true, verbose: 0, now: () => new Date(2026, 0, 1, 0, 0, now) });
    p.handle({ kind: 'run-start', output: '/r', tests: 1, estimatedSeconds: 100 });
    now = 40;
    out = '';
    p.handle({ kind: 'sample', profile: 'Localhost', test: 'fio', iteration: 'read-4KiB', iterationIndex: 1, iterations: 2, sample: 2, samples: 3 });
    expect(out).toBe('\r\x1b[2K[40s elapsed, ETA 1m00s] Localhost fio read-4KiB (2/2) sample 2/3');
  });
});
