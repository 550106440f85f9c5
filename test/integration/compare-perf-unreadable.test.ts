// compare-perf on results it cannot use: a broken result.json never passes, FIFOs and devices never block, unreadable folders are errors.
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { comparePerfCommand } from '../../src/cli/compare-perf-command.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/main.js';
import { fioIteration, writeTree } from '../unit/compare/tree-builder.js';

const REPO = join(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'perfgate-unreadable-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function run(argv: string[], cwd: string) {
  const io = memoryIo(argv, cwd);
  const code = await runCommand('compare-perf', comparePerfCommand, io);
  return { code, out: io.out(), err: io.err() };
}

/** A source and a destination with one good serial (0000) each. */
function pair(name: string): string {
  const dir = join(tmp, name);
  writeTree(join(dir, 'src'), [fioIteration('read-4KiB', 1000, 100)]);
  writeTree(join(dir, 'dst'), [fioIteration('read-4KiB', 1000, 100)]);
  return dir;
}

describe('compare-perf: a result perfgate cannot read never passes', () => {
  it.each([
    ['an empty result.json', ''],
    ['malformed JSON', '[{"iteration_name": '],
    ['an object instead of the list of iterations', '{"not": "a list"}'],
  ])('%s in both source and destination is an error in every mode', async (_name, text) => {
    const dir = pair(`same-${text.length}`);
    for (const side of ['src', 'dst']) {
      mkdirSync(join(dir, side, 'Localhost/fio/0001'), { recursive: true });
      writeFileSync(join(dir, side, 'Localhost/fio/0001/result.json'), text);
    }
    for (const mode of [[], ['--method', 'tolerance'], ['--compat', 'runperf']]) {
      const r = await run([...mode, '--json', '-', 'src', 'dst'], dir);
      expect(r.code).not.toBe(ExitCode.OK);
      const report = JSON.parse(r.out) as { builds: { results: { id: string; verdict: string; details: string }[] }[] };
      const err = report.builds[1]?.results.find((x) => x.id === 'Localhost/fio/0001:./ERROR/ERROR/ERROR.error');
      // an error in compat mode too (run-perf, which stops on such a file, has no status for it)
      expect(err?.verdict).toBe('error');
    }
    // every mode says why, where run-perf's text would read "same failure as in the source"
    for (const mode of [['--method', 'tolerance'], ['--compat', 'runperf']]) {
      const r = await run([...mode, '-v', 'src', 'dst'], dir);
      expect(r.out).toMatch(/ERROR\.error .*Localhost\/fio\/0001\/result\.json: (malformed JSON|not a run-perf result)/);
    }
  });

  it('run-perf failures (__error__ folders) with the same text still pass, as run-perf has them', async () => {
    const dir = pair('same-error-folder');
    for (const side of ['src', 'dst']) {
      mkdirSync(join(dir, side, 'Localhost/fio/0001/__error0__'), { recursive: true });
      writeFileSync(join(dir, side, 'Localhost/fio/0001/__error0__/exception'), 'Traceback: boom\n');
    }
    const r = await run(['src', 'dst'], dir);
    expect(r.code).toBe(ExitCode.OK);
  });
});

describe('compare-perf: an __error__ folder beside a result.json that cannot be read', () => {
  it('keeps the reading failure (never passes) and names the exception too; a broken source is named as such', async () => {
    const dir = pair('error-beside');
    for (const side of ['src', 'dst']) {
      mkdirSync(join(dir, side, 'Localhost/fio/0001/__error1__'), { recursive: true });
      writeFileSync(join(dir, side, 'Localhost/fio/0001/__error1__/exception'), 'boom\nmore\n');
    }
    writeFileSync(join(dir, 'dst/Localhost/fio/0001/result.json'), 'garbage');
    const r = await run(['--json', '-', 'src', 'dst'], dir);
    expect(r.code).toBe(ExitCode.REGRESSION);
    const report = JSON.parse(r.out) as { builds: { results: { id: string; verdict: string; details: string }[] }[] };
    const err = report.builds[1]?.results.find((x) => x.id === 'Localhost/fio/0001:./ERROR/ERROR/ERROR.error');
    expect(err?.verdict).toBe('error');
    expect(err?.details).toMatch(/result\.json: malformed JSON: .*; Localhost\/fio\/0001\/__error1__ holds the exception: boom$/);
    // the source's broken result is named as the source's, not blamed on a destination that lacks it
    writeTree(join(dir, 'fine'), [fioIteration('read-4KiB', 1000, 100)]);
    const rev = await run(['--json', '-', 'dst', 'fine'], dir);
    const blamed = (JSON.parse(rev.out) as typeof report).builds[1]?.results.find((x) => x.id === 'Localhost/fio/0001:./ERROR/ERROR/ERROR.error');
    expect(blamed?.details).toMatch(/^the source's result could not be read: Localhost\/fio\/0001\/result\.json: malformed JSON/);
  });
});

describe('compare-perf never blocks on a FIFO or a device', () => {
  it('a FIFO or /dev/zero as result.json is an error check; as the -l model a one-line input error', async () => {
    const dir = pair('fifo');
    mkdirSync(join(dir, 'dst/Localhost/fio/0001'));
    expect(spawnSync('mkfifo', [join(dir, 'dst/Localhost/fio/0001/result.json')]).status).toBe(0);
    mkdirSync(join(dir, 'dst/Localhost/fio/0002'));
    symlinkSync('/dev/zero', join(dir, 'dst/Localhost/fio/0002/result.json'));
    const r = await run(['src', 'dst'], dir);
    expect(r.code).toBe(ExitCode.REGRESSION);
    expect(r.out).toMatch(/Localhost\/fio\/0001\/result\.json: unreadable: ENOTREG: a named pipe \(FIFO\) is not a regular file/);
    expect(r.out).toMatch(/Localhost\/fio\/0002\/result\.json: unreadable: ENOTREG: a device is not a regular file/);
    expect(spawnSync('mkfifo', [join(dir, 'model.json')]).status).toBe(0);
    const model = await run(['-l', 'model.json', '--', 'src', 'src'], dir);
    expect(model.code).toBe(ExitCode.INPUT);
    expect(model.err).toMatch(/^compare-perf: error: model .*model\.json: cannot read \(ENOTREG\)\n {2}hint: /);
  });
});

// Permissions only bite for an unprivileged user: as root, the test runs the built CLI as `nobody`, from a copy of its
// two self-contained files in a folder nobody can read (the checkout may sit in a folder only root can enter).
const BIN = join(REPO, 'dist/bin/compare-perf.cjs');
const asNobody = process.getuid?.() === 0 && spawnSync('id', ['-u', 'nobody']).status === 0 && existsSync(BIN);

describe.runIf(asNobody)('compare-perf on folders it may not list (run as nobody)', () => {
  it('an unreadable test folder, or one inside an __error__ folder, is an error check, not an empty folder or a crash', () => {
    const dir = pair('perm');
    cpSync(join(dir, 'dst'), join(dir, 'dst2'), { recursive: true });
    mkdirSync(join(dir, 'dst/Other/fio/0000'), { recursive: true });
    mkdirSync(join(dir, 'dst2/Localhost/fio/0001/__error0__/sub'), { recursive: true });
    writeFileSync(join(dir, 'dst2/Localhost/fio/0001/__error0__/exception'), 'boom\n');
    // nobody must reach the trees (mkdtemp makes 0700 folders) and own them, but not list the two folders below
    for (const p of [tmp, dir]) chmodSync(p, 0o755);
    expect(spawnSync('chown', ['-R', 'nobody', dir]).status).toBe(0);
    chmodSync(join(dir, 'dst/Other'), 0o000);
    chmodSync(join(dir, 'dst2/Localhost/fio/0001/__error0__/sub'), 0o000);
    const bin = join(tmp, 'bin');
    mkdirSync(bin);
    for (const f of ['compare-perf.cjs', 'compare-perf.bundle.cjs', 'strip-run-perf.cjs', 'strip-run-perf.bundle.cjs']) cpSync(join(REPO, 'dist/bin', f), join(bin, f));
    chmodSync(bin, 0o755);
    const cli = (...args: string[]) =>
      spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, join(bin, 'compare-perf.cjs'), '--no-cache', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', PERFGATE_CACHE_DIR: 'off' } });
    const r = cli('src', 'dst');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(ExitCode.REGRESSION);
    expect(r.stdout).toMatch(/Other\/: unreadable folder \(EACCES\)/);
    const e = cli('src', 'dst2');
    expect(e.stderr).not.toMatch(/internal error|bug in perfgate/);
    expect(e.status).toBe(ExitCode.REGRESSION);
    // strip-run-perf neither drops a folder it cannot list nor a serial it can list but not enter (mode 744)
    chmodSync(join(dir, 'dst/Other'), 0o755);
    mkdirSync(join(dir, 'dst/Other/fio/0000'), { recursive: true });
    writeFileSync(join(dir, 'dst/Other/fio/0000/result.json'), '[]');
    spawnSync('chown', ['-R', 'nobody', join(dir, 'dst/Other')]);
    chmodSync(join(dir, 'dst/Other/fio/0000'), 0o744);
    spawnSync('chown', ['root', join(dir, 'dst/Other/fio/0000')]);
    const strip = spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, join(bin, 'strip-run-perf.cjs'), 'dst', 'dst.stripped'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', PERFGATE_CACHE_DIR: 'off' } });
    expect(strip.status).toBe(ExitCode.INPUT);
    expect(strip.stderr).toMatch(/^strip-run-perf: error: .*Other\/fio\/0000\/result\.json cannot be read \(EACCES\)\n {2}hint: /);
  });
});
