// diff-perf around its inputs and outputs: similarity labels, warnings for folders without results, an unwritable --json.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { diffPerfCommand } from '../../src/cli/diff-perf-command.js';
import { memoryIo } from '../../src/cli/io.js';
import { COMPAT_RESULTS } from '../support/fixtures.js';

const BASE = '1_base/result_20200726_080654';
const BAD = '9_bad/result_20200726_091827';
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'perfgate-diff-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function diff(argv: string[]) {
  const io = memoryIo(argv, COMPAT_RESULTS);
  const code = await diffPerfCommand(io);
  return { code, out: io.out(), err: io.err() };
}

describe('diff-perf labels its scores as similarities (higher is closer)', () => {
  it('the ranking header and each -v line say similarity; the winner has the higher scores', async () => {
    const r = await diff(['-v', BASE, BAD, BASE]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Similarity to the source, summed over checks (higher is closer):');
    expect(r.out).not.toMatch(/\[distance\]|\[sigma\]/);
    const perCheck = r.out.split('\n').filter((l) => /^ {2}[PS] /.test(l));
    expect(perCheck.length).toBeGreaterThan(0);
    for (const line of perCheck) expect(line).toMatch(/\[similarity, (sigma|distance) method\]: [\d.]+ [\d.]+$/);
    // the source itself (candidate 1) is at least as similar as the bad run on every check
    for (const line of perCheck) {
      const [bad = 0, same = 0] = (line.split(': ').at(-1) ?? '').split(' ').map(Number);
      expect(same).toBeGreaterThanOrEqual(bad);
    }
  });
  it('the JSON says the same', async () => {
    const r = await diff(['--json', '-', BASE, BAD, BASE]);
    const report = JSON.parse(r.out) as { scoreKind: string; higherIsCloser: boolean; winner: number; groups: { primary: number }[] };
    expect(report.scoreKind).toBe('similarity');
    expect(report.higherIsCloser).toBe(true);
    expect(report.winner).toBe(1);
    expect(report.groups[1]?.primary).toBeGreaterThan(report.groups[0]?.primary ?? Infinity);
  });
});

describe('diff-perf warns about folders that hold no results', () => {
  it('an empty candidate folder: warned on stderr by name, still scored (run-perf exit-code convention)', async () => {
    const empty = join(tmp(), 'empty');
    mkdirSync(empty);
    const r = await diff([BASE, empty, BAD]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`diff-perf: warning: candidate 0 '${empty}' is not a result tree: no PROFILE/TEST/SERIAL/result.json or __error*__ folder in ${empty}; it is scored as missing every check (pass a run-perf result folder, not the folder that holds them)\n`);
  });
  it('the folder that holds several results, and an empty source, are warned about too', async () => {
    const root = tmp();
    mkdirSync(join(root, 'src'));
    const r = await diff([join(root, 'src'), '1_base', BAD]);
    expect(r.err).toContain(`source '${join(root, 'src')}' is not a result tree`);
    expect(r.err).toContain(`candidate 0 '1_base' is not a result tree`);
    expect(r.err).not.toContain(BAD);
  });
  it('a real result (also its stripped-down copy with only result.json files) is not warned about', async () => {
    const root = tmp();
    mkdirSync(join(root, 'lean/Localhost/fio/0000'), { recursive: true });
    cpSync(join(COMPAT_RESULTS, BASE, 'Localhost/fio/0000/result.json'), join(root, 'lean/Localhost/fio/0000/result.json'));
    const r = await diff([BASE, join(root, 'lean'), BAD]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('diff-perf --json to a path that cannot be written', () => {
  it('under a file: exit 255, one user error naming the path, no ranking, no internal error', async () => {
    const root = tmp();
    writeFileSync(join(root, 'afile'), 'x');
    const target = join(root, 'afile', 'x.json');
    const r = await diff(['--json', target, BASE, BAD, BASE]);
    expect(r.code).toBe(255);
    expect(r.err).toMatch(new RegExp(`^diff-perf: error: --json ${target.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} cannot be written \\(ENOTDIR: [^\\n]+\\)\\n {2}hint: [^\\n]+\\n$`));
    expect(r.err).not.toContain('internal error');
    expect(r.out).toBe('');
  });
  it('in a folder that does not exist: exit 255 naming the path', async () => {
    const target = join(tmp(), 'missing', 'x.json');
    const r = await diff(['--json', target, BASE, BAD, BASE]);
    expect(r.code).toBe(255);
    expect(r.err).toContain(`--json ${target} cannot be written (ENOENT`);
  });
  it('a folder given as the file: exit 255 naming the path', async () => {
    const target = tmp();
    const r = await diff(['--json', target, BASE, BAD, BASE]);
    expect(r.code).toBe(255);
    expect(r.err).toContain(`--json ${target} cannot be written (EISDIR`);
    expect(r.err).not.toContain('internal error');
  });
  it('a writable path gets the same JSON as stdout and the ranking is printed', async () => {
    const target = join(tmp(), 'r.json');
    const r = await diff(['--json', target, BASE, BAD, BASE]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Closest to');
    expect(existsSync(target)).toBe(true);
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual(JSON.parse((await diff(['--json', '-', BASE, BAD, BASE])).out));
  });
});

describe('diff-perf on results it cannot read', () => {
  it('stops with 255 naming the file, where it scored the rest and answered 0 ("good" to git bisect)', async () => {
    const root = tmp();
    const broken = join(root, 'broken');
    cpSync(join(COMPAT_RESULTS, BASE), broken, { recursive: true });
    writeFileSync(join(broken, 'Localhost/fio/0000/result.json'), '{"trunc');
    for (const argv of [[broken, BAD, BASE], [BASE, broken, BAD], ['--compat', 'runperf', broken, BAD, BASE]]) {
      const r = await diff(argv);
      expect(r.code, argv.join(' ')).toBe(255);
      expect(r.err, argv.join(' ')).toMatch(/^diff-perf: error: result '.*broken': Localhost\/fio\/0000\/result\.json: malformed JSON: .*\n {2}hint: .*skip this commit/);
    }
  });

  it('prints the trees\' reading warnings (a value that is not a number, ...)', async () => {
    const root = tmp();
    const odd = join(root, 'odd');
    cpSync(join(COMPAT_RESULTS, BASE), odd, { recursive: true });
    const file = join(odd, 'Localhost/fio/0000/result.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"mean": [0-9.]+/g, '"mean": "fast"'));
    const r = await diff([odd, BAD, BASE]);
    expect(r.err).toMatch(/^diff-perf: warning: .*odd: Localhost\/fio\/0000\/result\.json: \$\[\d+\]\.iteration_data\..*mean: expected a finite number, got fast; check skipped$/m);
  });
});

describe('diff-perf with a flatten coefficient so small that sigma squared underflows', () => {
  it('never scores NaN: compat stops as Python does (division by zero, 255), the default uses the distance method', async () => {
    const compat = await diff(['--compat', 'runperf', '--flatten-coefficient', '1e-300', BASE, BAD, BASE]);
    expect(compat.code).toBe(255);
    expect(compat.err).toMatch(/float division by zero/);
    const r = await diff(['--json', '-', '--flatten-coefficient', '1e-300', BASE, BAD, BASE]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.out) as { groups: { primary: number; secondary: number }[] };
    for (const g of report.groups) for (const x of [g.primary, g.secondary]) expect(Number.isFinite(x)).toBe(true);
  });
});
