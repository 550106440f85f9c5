// terminalSafe and the console/run-perf log: control characters from result data are shown, never executed.
import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../../src/compare/reporters/console.js';
import { renderRunperfLog } from '../../../src/compare/reporters/runperf-log.js';
import { terminalSafe, terminalSafeLine } from '../../../src/compare/reporters/terminal-safe.js';
import type { BuildInfo, ComparisonReport } from '../../../src/compare/types.js';
import { makeReport } from '../../support/report-fixture.js';

const HOSTILE = 'rw-\u001b]0;pwned\u0007\u001b[2J\u009b31m\u0000\u007f\u001b[8m';
const SHOWN = 'rw-\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\x00\\x7f\\x1b[8m';

describe('terminalSafe', () => {
  it('writes C0 (but tab and newline), DEL and C1 as \\xNN, and leaves other text alone', () => {
    expect(terminalSafe(HOSTILE)).toBe(SHOWN);
    expect(terminalSafe('a\tb\nc ✓ → é')).toBe('a\tb\nc ✓ → é');
    expect(terminalSafeLine('a\tb\nc\r ✓')).toBe('a\tb\\x0ac\\x0d ✓');
  });

  it('keeps whole SGR colour sequences only when colours are on', () => {
    expect(terminalSafe('\u001b[31mred\u001b[39m \u001b]8;;x\u0007', true)).toBe('\u001b[31mred\u001b[39m \\x1b]8;;x\\x07');
    expect(terminalSafe('\u001b[31mred', false)).toBe('\\x1b[31mred');
  });
});

describe('console and run-perf log output', () => {
  it('show a hostile check id and error text escaped, with and without colours', () => {
    const report = makeReport({ builds: 3, checks: 10, seed: 5, shiftRate: 0 });
    const builds = report.builds.map((b): BuildInfo =>
      b.role === 'destination' ? { ...b, results: b.results.map((r, i) => (i === 0 ? { ...r, id: `${r.id}${HOSTILE}`, verdict: 'error', status: -2, primary: true, details: `boom ${HOSTILE}` } : r)) } : b,
    );
    const hostile: ComparisonReport = { ...report, builds, exitCode: 2, warnings: [`tree '${HOSTILE}' holds nothing`] };
    for (const color of [false, true]) {
      const text = renderConsole(hostile, { color, verbose: 1 });
      expect(text).toContain(SHOWN);
      // with colours on too: a colour code from the data (ESC[8m hides all text after it) is shown, not obeyed
      for (const raw of ['\u001b]', '\u0007', '\u009b', '\u0000', '\u001b[2J', '\u001b[8m']) expect(text).not.toContain(raw);
      if (!color) expect(text).not.toContain('\u001b');
    }
    // a newline in a value cannot start a line of its own that looks like perfgate's
    const forged = { ...hostile, builds: hostile.builds.map((b): BuildInfo => (b.role === 'destination' ? { ...b, results: b.results.map((r, i) => (i === 0 ? { ...r, id: 'P/x\nPASS  all checks fine' } : r)) } : b)) };
    const lines = renderConsole(forged, { color: false, verbose: 1 }).split('\n');
    expect(lines.some((l) => l.startsWith('PASS  all checks fine'))).toBe(false);
    expect(lines.some((l) => l.includes('P/x\\x0aPASS  all checks fine'))).toBe(true);
    const log = renderRunperfLog(hostile, 1);
    expect(log).toContain(SHOWN);
    expect([...log].filter((ch) => ch !== '\n' && ch !== '\t' && (ch < ' ' || (ch >= '\u007f' && ch <= '\u009f')))).toEqual([]);
  });
});
