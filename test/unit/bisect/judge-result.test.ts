// bisect-perf's judgement of one result: unusable results and ties are skips, never "good".
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, unusableResult } from '../../../src/bisect/run-step.js';
import type { BisectState } from '../../../src/bisect/state.js';
import { fioIteration, writeTree } from '../compare/tree-builder.js';

const work = mkdtempSync(join(tmpdir(), 'perfgate-bisect-judge-'));
writeTree(join(work, 'good-1'), [fioIteration('read-4KiB', 1000, 100, { stddev: 2 })]);
writeTree(join(work, 'bad-1'), [fioIteration('read-4KiB', 500, 200, { stddev: 2 })]);
const state = { goodResults: ['good-1'], badResults: ['bad-1'] } as BisectState;

describe('bisect-perf judging a step result', () => {
  it('classifies a result closer to the good or the bad runs', () => {
    writeTree(join(work, 'near-good'), [fioIteration('read-4KiB', 990, 101, { stddev: 2 })]);
    writeTree(join(work, 'near-bad'), [fioIteration('read-4KiB', 510, 198, { stddev: 2 })]);
    expect(classify(state, work, 'near-good')).toBe(0);
    expect(classify(state, work, 'near-bad')).toBe(1);
  });

  it('calls a result with no metric in common a tie, not "good" (index 0 would win the tie)', () => {
    writeTree(join(work, 'other'), [{ ...fioIteration('write-64KiB', 990, 101), profile: 'Other' }]);
    expect(classify(state, work, 'other')).toMatch(/as close to the good runs as to the bad ones/);
  });

  it('finds results that cannot be judged (a part cannot be read); one of failed tests only is judged', () => {
    const failed = join(work, 'failed');
    mkdirSync(join(failed, 'Localhost/command/0000/__error0__'), { recursive: true });
    writeFileSync(join(failed, 'RUNPERF_METADATA'), 'build:1\n');
    writeFileSync(join(failed, 'Localhost/command/0000/__error0__/exception'), 'Traceback: the product crashed\n');
    expect(unusableResult(failed)).toBeUndefined();
    // a crash neither end shows is a tie: skipped, never "good"
    expect(classify(state, work, 'failed')).toMatch(/as close to the good runs as to the bad ones/);
    // a crash the bad end shows too is "bad": a regression that is a crash can be bisected
    const crashed = { goodResults: ['good-1'], badResults: ['failed'] } as BisectState;
    cpSync(failed, join(work, 'failed-again'), { recursive: true });
    expect(classify(crashed, work, 'failed-again')).toBe(1);
    const broken = writeTree(join(work, 'broken'), [fioIteration('read-4KiB', 990, 101)]);
    mkdirSync(join(broken, 'Localhost/fio/0001'));
    writeFileSync(join(broken, 'Localhost/fio/0001/result.json'), '{broken');
    expect(unusableResult(broken)).toMatch(/^unreadable result: Localhost\/fio\/0001\/result\.json: malformed JSON/);
    expect(unusableResult(join(work, 'good-1'))).toBeUndefined();
  });
});
