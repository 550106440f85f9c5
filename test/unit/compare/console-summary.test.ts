// The console's summary line: exact counts in the singular and the plural.
import { describe, expect, it } from 'vitest';
import { renderConsole } from '../../../src/compare/reporters/console.js';
import { makeReport } from '../../support/report-fixture.js';

describe('console: summary line', () => {
  it('says "1 minor loss" and "2 minor gains", "0 minor losses" and "1 minor gain"', () => {
    const report = makeReport({ builds: 3, checks: 20, seed: 3, shiftRate: 0 });
    const line = (minorLosses: number, minorGains: number) =>
      renderConsole({ ...report, summary: { ...report.summary, minorLosses, minorGains } }, { color: false, verbose: 0 }).split('\n')[1];
    expect(line(1, 2)).toContain('(1 minor loss, 2 minor gains)');
    expect(line(0, 1)).toContain('(0 minor losses, 1 minor gain)');
  });
});
