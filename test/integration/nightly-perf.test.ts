// nightly-perf end to end with real run-perf command workloads: baseline, good nights, a confirmed regression,
// a one-off bad run cleared by its confirmation, the history file, --accept/--rebaseline/--list, and bad input.
import { existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/main.js';
import { nightlyPerfCommand } from '../../src/cli/nightly-perf-command.js';
import type { HistoryState } from '../../src/nightly/history.js';

/**
 * A command test printing `ops_sec`: each run of the script takes the next value of `values` (a file the test
 * rewrites between nights; a counter file walks through it, so a confirmation re-run continues the list).
 */
function opsTest(name: string, dir: string): string {
  const values = join(dir, `${name}.values`);
  const counter = join(dir, `${name}.n`);
  const script = `n=$(cat ${counter} 2>/dev/null || echo 0); echo $((n+1)) > ${counter}; set -- $(cat ${values}); shift $((n % $#)); printf '{"ops_sec": %s}\\n' "$1"`;
  return `command:${JSON.stringify({ command: ['sh', '-c', script], samples: 3, __NAME__: name })}`;
}

/** Set the values the next runs of `name` print (and restart its counter). */
function setValues(dir: string, name: string, values: number[]): void {
  writeFileSync(join(dir, `${name}.values`), values.join(' '));
  writeFileSync(join(dir, `${name}.n`), '0');
}

async function nightly(argv: string[], cwd: string) {
  const io = memoryIo(argv, cwd, {});
  const code = await runCommand('nightly-perf', nightlyPerfCommand, io);
  return { code, out: io.out(), err: io.err() };
}

const history = (cwd: string): HistoryState => JSON.parse(readFileSync(join(cwd, 'perf', 'history.json'), 'utf8')) as HistoryState;

describe('nightly-perf', () => {
  it('records a baseline, passes steady nights, confirms a real regression and clears a one-off bad run', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'perfgate-nightly-'));
    const tests = ['--', opsTest('fast', cwd), opsTest('other', cwd)];
    const night = async (fast: number[], other: number[], extra: string[] = []) => {
      setValues(cwd, 'fast', fast);
      setValues(cwd, 'other', other);
      return nightly(['--history', 'perf', '--xunit', 'result.xml', '--json', 'report.json', ...extra, '--', ...tests], cwd);
    };
    const steady = (k: number) => [1000 + k, 1004 - k, 997 + (k % 3)];

    const first = await night(steady(0), steady(1));
    expect(first.code, first.err).toBe(0);
    expect(first.err).toMatch(/first run of this history: recorded as the baseline/);
    expect(history(cwd).baseline).toBe(history(cwd).nights[0]?.id);
    expect(existsSync(join(cwd, 'result.xml'))).toBe(false);

    for (let k = 1; k <= 4; k++) {
      const r = await night(steady(k), steady(k + 1), k === 4 ? ['--html', 'report.html', '--html-with-charts'] : []);
      expect(r.code, r.out + r.err).toBe(0);
    }
    expect(readFileSync(join(cwd, 'report.html'), 'utf8')).toContain('id="charts-app"');
    let h = history(cwd);
    expect(h.nights.map((n) => n.verdict)).toEqual(['baseline', 'pass', 'pass', 'pass', 'pass']);
    expect(h.good).toHaveLength(5);
    expect(new Set(h.nights.map((n) => n.id)).size).toBe(5);
    expect(readFileSync(join(cwd, 'result.xml'), 'utf8')).toContain('<testsuite');

    // a real regression: the first run and the confirmation run are both 20 % slower
    const slow = [800, 803, 798, 801, 799, 802];
    const bad = await night(slow, steady(2));
    expect(bad.code, bad.out + bad.err).toBe(2);
    expect(bad.err).toMatch(/regression found: re-running Localhost\/fast to confirm/);
    h = history(cwd);
    const last = h.nights.at(-1);
    expect(last?.verdict).toBe('regression');
    expect(last?.confirm).toBe(`${last?.id}-confirm`);
    expect(existsSync(join(cwd, 'perf', 'runs', `${last?.id}-confirm`, 'Localhost', 'fast'))).toBe(true);
    expect(existsSync(join(cwd, 'perf', 'runs', `${last?.id}-confirm`, 'Localhost', 'other'))).toBe(false);
    expect(h.good).toHaveLength(5);
    const report = JSON.parse(readFileSync(join(cwd, 'report.json'), 'utf8')) as { warnings: string[] };
    expect(report.warnings.join('\n')).toMatch(/combined with 1 confirmation run/);
    expect(readFileSync(join(cwd, 'result.xml'), 'utf8')).toMatch(/<failure/);

    // a one-off: the first run is 20 % slow, the confirmation run is normal again
    const oneOff = await night([800, 803, 798, 1001, 999, 1003], steady(3));
    expect(oneOff.err).toMatch(/re-running Localhost\/fast to confirm/);
    expect(oneOff.code, oneOff.out + oneOff.err).toBe(0);
    h = history(cwd);
    expect(h.nights.at(-1)?.verdict).toBe('pass');
    expect(h.nights.at(-1)?.note).toMatch(/pass after confirmation \(Localhost\/fast re-run; first decision: regression\); not used as a reference/);
    expect(h.good).toHaveLength(5);

    // with --confirm off the first decision is final
    const unconfirmed = await night(slow, steady(4), ['--confirm', 'off']);
    expect(unconfirmed.code).toBe(2);
    expect(history(cwd).nights.at(-1)?.confirm).toBeUndefined();

    // an intended change: accept it by hand, or make it the new baseline
    const id = history(cwd).nights.at(-1)?.id ?? '';
    const accepted = await nightly(['--history', 'perf', '--accept', id], cwd);
    expect(accepted.code, accepted.err).toBe(0);
    expect(history(cwd).good.at(-1)).toBe(id);
    const rebased = await nightly(['--history', 'perf', '--rebaseline', id], cwd);
    expect(rebased.code, rebased.err).toBe(0);
    expect(history(cwd)).toMatchObject({ baseline: id, good: [id] });
    const changes = await nightly(['--history', 'perf', '--changes'], cwd);
    expect(changes.code, changes.err).toBe(0);
    // the 8 complete nights (not the hand-made accept records): too few for the permutation test, and it says so
    expect(changes.out + changes.err).toMatch(/with 8 builds the permutation test cannot reach/);
    const listed = await nightly(['--history', 'perf', '--list'], cwd);
    expect(listed.out).toMatch(new RegExp(`^B ${id} +regression .*made the baseline by hand`, 'm'));
    expect(listed.out).toMatch(/regression +exit 2 /);
  }, 120_000);

  it('a night with failed tests (run-perf exit 4) is never the baseline or a reference, and exits 4 unless the rest regressed', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'perfgate-nightly-'));
    const failing = `command:${JSON.stringify({ command: ['sh', '-c', 'exit 3'], samples: 1, __NAME__: 'broken' })}`;
    setValues(cwd, 'fast', [1000, 1002, 998]);
    const both = ['--', opsTest('fast', cwd), failing];
    const first = await nightly(['--history', 'perf', '--', '--retry-tests', '1', ...both], cwd);
    expect(first.code, first.err).toBe(4);
    expect(history(cwd).baseline).toBeUndefined();
    expect(history(cwd).good).toEqual([]);
    expect(history(cwd).nights[0]?.note).toMatch(/some tests failed \(run-perf exit 4\): not recorded as the baseline/);

    const ok = ['--', opsTest('fast', cwd)];
    for (let k = 0; k < 3; k++) expect((await nightly(['--history', 'perf', '--', ...ok], cwd)).code).toBe(0);
    const later = await nightly(['--history', 'perf', '--', '--retry-tests', '1', ...both], cwd);
    expect(later.code, later.out + later.err).toBe(4);
    expect(history(cwd).good).toHaveLength(3);
    expect(history(cwd).nights.at(-1)).toMatchObject({ verdict: 'failed', exitCode: 4 });

    // --references 0: the baseline alone
    const alone = await nightly(['--history', 'perf', '--references', '0', '--', ...ok], cwd);
    expect(alone.err).toMatch(/comparing with the baseline \S+ and 0 good runs/);
  }, 60_000);

  it('an interrupted night exits 130, keeps its run marked INCOMPLETE, records it and releases the lock', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'perfgate-nightly-'));
    const slow = `command:${JSON.stringify({ command: ['sleep', '20'], samples: 1 })}`;
    const controller = new AbortController();
    const io = { ...memoryIo(['--history', 'perf', '--', '--', slow], cwd, {}), signal: controller.signal };
    const timer = setTimeout(() => controller.abort(new Error('SIGINT')), 1500);
    const code = await runCommand('nightly-perf', nightlyPerfCommand, io);
    clearTimeout(timer);
    expect(code, io.err()).toBe(130);
    const h = history(cwd);
    expect(h.nights).toHaveLength(1);
    expect(h.nights[0]).toMatchObject({ verdict: 'interrupted', exitCode: 130 });
    expect(h.baseline).toBeUndefined();
    expect(existsSync(join(cwd, 'perf', 'runs', h.nights[0]?.id ?? '', 'INCOMPLETE'))).toBe(true);
    expect(existsSync(join(cwd, 'perf', '.lock'))).toBe(false);
    const accept = await nightly(['--history', 'perf', '--accept', h.nights[0]?.id ?? ''], cwd);
    expect(accept.code).toBe(64);
    expect(accept.err).toMatch(/is not a complete run/);
  }, 60_000);

  it('refuses a history in use, takes over a stale lock, and names bad input in one line', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'perfgate-nightly-'));
    const tests = ['--', opsTest('fast', cwd)];
    setValues(cwd, 'fast', [1000, 1001, 999]);
    const dir = join(cwd, 'perf');
    const first = await nightly(['--history', 'perf', '--', ...tests], cwd);
    expect(first.code, first.err).toBe(0);

    // a live process on this host (pid 1 always is), and one on another host (a shared folder): both hold it
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: 1, host: hostname() }));
    const busy = await nightly(['--history', 'perf', '--', ...tests], cwd);
    expect(busy.code).toBe(64);
    expect(busy.err).toMatch(/perf is in use by nightly-perf process 1 on /);
    writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: 999999999, host: 'another-host' }));
    expect((await nightly(['--history', 'perf', '--', ...tests], cwd)).code).toBe(64);

    // gone: no such pid; the pid of this very process (a container's pid 1 after a restart looks the same); a pid
    // now used by a process that started later
    for (const owner of [{ pid: 999999999 }, { pid: process.pid }, { pid: 1, start: '1' }]) {
      writeFileSync(join(dir, '.lock'), JSON.stringify({ host: hostname(), ...owner }));
      const stale = await nightly(['--history', 'perf', '--', ...tests], cwd);
      expect(stale.code, stale.err).toBe(0);
      expect(stale.err).toMatch(new RegExp(`taking over the lock of process ${owner.pid} on `));
      expect(existsSync(join(dir, '.lock'))).toBe(false);
    }

    const reserved = await nightly(['--history', 'perf', '--', '--output', 'x', ...tests], cwd);
    expect(reserved.code).toBe(64);
    expect(reserved.err).toMatch(/run-perf option --output is set by nightly-perf/);
    const missing = await nightly(['--', ...tests], cwd);
    expect(missing.code).toBe(64);
    expect(missing.err).toMatch(/--history DIR is required/);
    const unknownRun = await nightly(['--history', 'perf', '--accept', 'nope'], cwd);
    expect(unknownRun.code).toBe(64);
    expect(unknownRun.err).toMatch(/no run nope in .*perf/);

    const baseline = history(cwd).baseline ?? '';
    renameSync(join(dir, 'runs', baseline), join(cwd, 'moved-away'));
    const nights = history(cwd).nights.length;
    const gone = await nightly(['--history', 'perf', '--', ...tests], cwd);
    expect(gone.code).toBe(65);
    expect(gone.err).toMatch(new RegExp(`the baseline run ${baseline} is missing from .*runs\\n  hint: restore it, or make another run the baseline: nightly-perf --history .* --rebaseline RUN`));
    expect(history(cwd).nights).toHaveLength(nights);
    renameSync(join(cwd, 'moved-away'), join(dir, 'runs', baseline));

    for (const opt of ['--dry-run', '--help']) {
      const r = await nightly(['--history', 'perf', '--', opt, ...tests], cwd);
      expect(r.code, opt).toBe(64);
      expect(r.err).toMatch(new RegExp(`run-perf option ${opt} is set by nightly-perf`));
    }
    expect((await nightly(['--history', 'perf', '--json', '-', '--', ...tests], cwd)).err).toMatch(/--json - is not supported by nightly-perf/);
    const badModel = await nightly(['--history', 'perf', '-l', 'missing-model.json', '--', ...tests], cwd);
    expect(badModel.code).toBe(65);
    expect(badModel.err).toMatch(/model missing-model.json cannot be read \(ENOENT\)/);
    expect((await nightly(['--history=perf', '--references=2', '--list'], cwd)).code).toBe(0);
    expect((await nightly(['--history', '--list'], cwd)).err).toMatch(/--history needs a value/);
    writeFileSync(join(cwd, 'a-file'), '');
    expect((await nightly(['--history', 'a-file', '--', ...tests], cwd)).err).toMatch(/--history a-file is not a folder/);
    expect((await nightly(['--history', 'nowhere', '--list'], cwd)).err).toMatch(/--history nowhere does not exist/);
    // every night has its own id, even when run-perf stops before writing anything (here: an unknown test)
    await nightly(['--history', 'perf', '--', '--', 'no-such-test:{}'], cwd);
    await nightly(['--history', 'perf', '--', '--', 'no-such-test:{}'], cwd);
    const ids = history(cwd).nights.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(history(cwd).nights.at(-1)).toMatchObject({ verdict: 'failed', exitCode: 78 });

    writeFileSync(join(dir, 'history.json'), '{"version": 1, "good": [], "nights": [1, 2]}');
    const damaged = await nightly(['--history', 'perf', '--list'], cwd);
    expect(damaged.code).toBe(65);
    expect(damaged.err).toMatch(/history\.json: nights\[0\] is not a night record/);

    writeFileSync(join(dir, 'history.json'), '{"version": 1, "good": ');
    const corrupt = await nightly(['--history', 'perf', '--list'], cwd);
    expect(corrupt.code).toBe(65);
    expect(corrupt.err.trim().split('\n')[0]).toMatch(/history\.json: .*JSON/);
    expect(corrupt.err).not.toMatch(/at .*\.ts:\d+/);
  }, 60_000);
});
