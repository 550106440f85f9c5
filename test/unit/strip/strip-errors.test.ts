// strip-run-perf on bad input or output: INCOMPLETE kept, no partial destination, one-line errors with the right exit codes.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { comparePerfCommand } from '../../../src/cli/compare-perf-command.js';
import { memoryIo } from '../../../src/cli/io.js';
import { runCommand } from '../../../src/cli/main.js';
import { stripRunPerfCommand } from '../../../src/cli/strip-run-perf-command.js';
import { COMPAT_RESULTS } from '../../support/fixtures.js';

const BASE = join(COMPAT_RESULTS, '1_base/result_20200726_080654');
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'perfgate-strip-err-'));
  dirs.push(d);
  return d;
};
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Run the CLI as the binary does (errors mapped to exit codes by main.ts). */
async function strip(argv: string[], cwd = '/') {
  const io = memoryIo(argv, cwd);
  const code = await runCommand('strip-run-perf', stripRunPerfCommand, io);
  return { code, out: io.out(), err: io.err() };
}

/** A copy of BASE whose last result.json (in walk order) is malformed, so stripping fails after writing others. */
function malformedTree(root: string): { tree: string; bad: string } {
  const tree = join(root, 'mal');
  cpSync(BASE, tree, { recursive: true });
  const bad = join(tree, 'Localhost2/fio/0000/result.json');
  expect(existsSync(bad)).toBe(true);
  writeFileSync(bad, '{"iteration_name": ');
  return { tree, bad };
}

describe('strip-run-perf keeps the INCOMPLETE marker', () => {
  it('compare-perf still warns that the stripped destination is incomplete', async () => {
    const root = tmp();
    const i4 = join(root, 'i4');
    cpSync(BASE, i4, { recursive: true });
    writeFileSync(join(i4, 'INCOMPLETE'), 'started 2026-12-01T00:00:00Z\n');
    expect((await strip([i4, join(root, 'i4s')])).code).toBe(0);
    expect(existsSync(join(root, 'i4s', 'INCOMPLETE'))).toBe(true);
    const io = memoryIo(['--', BASE, join(root, 'i4s')], root);
    await comparePerfCommand(io);
    expect(io.out() + io.err()).toMatch(/i4s' is marked INCOMPLETE/);
  });
  it('does not invent a marker for a complete run', async () => {
    const root = tmp();
    expect((await strip([BASE, join(root, 's')])).code).toBe(0);
    expect(existsSync(join(root, 's', 'INCOMPLETE'))).toBe(false);
  });
});

describe('strip-run-perf leaves nothing behind on failure', () => {
  it('a malformed result.json: exit 65 naming the full path, no destination, and a re-run works once fixed', async () => {
    const root = tmp();
    const { tree, bad } = malformedTree(root);
    const dst = join(root, 'st4');
    const r = await strip([tree, dst]);
    expect(r.code).toBe(65);
    expect(r.err).toContain(`strip-run-perf: error: ${bad}: `);
    expect(r.err.split('\n').filter(Boolean)).toHaveLength(2); // message + hint, no stack
    expect(existsSync(dst)).toBe(false);
    expect(readdirSync(root).sort()).toEqual(['mal']); // no hidden temporary folder either
    cpSync(join(BASE, 'Localhost2/fio/0000/result.json'), bad);
    expect((await strip([tree, dst])).code).toBe(0);
    expect(existsSync(join(dst, 'Localhost2/fio/0000/result.json'))).toBe(true);
  });
  it('removes the parent folders it created, keeps an empty destination that existed', async () => {
    const root = tmp();
    const { tree } = malformedTree(root);
    expect((await strip([tree, join(root, 'new/deep/dst')])).code).toBe(65);
    expect(existsSync(join(root, 'new'))).toBe(false);
    mkdirSync(join(root, 'keep'));
    expect((await strip([tree, join(root, 'keep')])).code).toBe(65);
    expect(readdirSync(join(root, 'keep'))).toEqual([]);
    expect(readdirSync(root).sort()).toEqual(['keep', 'mal']);
  });
  it('fills an existing empty destination and creates missing parents on success', async () => {
    const root = tmp();
    mkdirSync(join(root, 'empty'));
    expect((await strip([BASE, join(root, 'empty')])).code).toBe(0);
    expect(readdirSync(join(root, 'empty')).sort()).toEqual(['Localhost', 'Localhost2', 'RUNPERF_METADATA']);
    expect((await strip([BASE, join(root, 'a/b/c')])).code).toBe(0);
    expect(existsSync(join(root, 'a/b/c/RUNPERF_METADATA'))).toBe(true);
    expect(readdirSync(root).sort()).toEqual(['a', 'empty']);
  });
});

describe('strip-run-perf refuses a folder that is not a result tree', () => {
  it('an empty folder: exit 65 naming it', async () => {
    const root = tmp();
    mkdirSync(join(root, 'empty'));
    const r = await strip([join(root, 'empty'), join(root, 'out')]);
    expect(r.code).toBe(65);
    expect(r.err).toMatch(/^strip-run-perf: error: '.*\/empty' is not a run-perf result tree: [^\n]*\n {2}hint: [^\n]*not the folder that holds them\n$/);
    expect(r.out).toBe('');
    expect(existsSync(join(root, 'out'))).toBe(false);
  });
  it('the folder that holds several results: exit 65, the hint names some of them', async () => {
    const root = tmp();
    const r = await strip([join(COMPAT_RESULTS, '1_base'), join(root, 'out')]);
    expect(r.code).toBe(65);
    expect(r.err).toContain(`'${join(COMPAT_RESULTS, '1_base')}' is not a run-perf result tree`);
    expect(r.err).toMatch(/hint: it holds \d+ result folder\(s\) \(result_20200726_080654, .*not the folder that holds them/);
    expect(existsSync(join(root, 'out'))).toBe(false);
  });
  it('a tree holding only an __error__ folder is still a result tree', async () => {
    const root = tmp();
    mkdirSync(join(root, 'src/__error0__'), { recursive: true });
    writeFileSync(join(root, 'src/__error0__/exception'), 'boom');
    const r = await strip([join(root, 'src'), join(root, 'out')]);
    expect(r.code).toBe(0);
    expect(existsSync(join(root, 'out/__error0__/exception'))).toBe(true);
  });
});

describe('strip-run-perf output paths that cannot be created are usage errors', () => {
  it.each([
    ['under a file', (root: string) => join(root, 'afile', 'x'), /ENOTDIR|EEXIST/],
    ['a file', (root: string) => join(root, 'afile'), /exists and is a file/],
  ])('%s: exit 64, one line naming the path', async (_name, dstOf, reason) => {
    const root = tmp();
    writeFileSync(join(root, 'afile'), 'x');
    const dst = dstOf(root);
    const r = await strip([BASE, dst]);
    expect(r.code).toBe(64);
    expect(r.err).toContain(`'${dst}'`);
    expect(r.err).toMatch(reason);
    expect(r.err).not.toMatch(/internal error| {4}at /);
    expect(readdirSync(root)).toEqual(['afile']);
  });
  it('a non-empty destination is refused (64) and left untouched', async () => {
    const root = tmp();
    mkdirSync(join(root, 'full'));
    writeFileSync(join(root, 'full', 'keep'), 'mine');
    const r = await strip([BASE, join(root, 'full')]);
    expect(r.code).toBe(64);
    expect(r.err).toMatch(/exists and is not empty/);
    expect(readdirSync(join(root, 'full'))).toEqual(['keep']);
  });
});

describe('strip-run-perf reads its options as run-perf does (argparse)', () => {
  it('takes -is as -i -s, unambiguous long prefixes, and refuses an unknown letter', async () => {
    const root = tmp();
    const src = join(root, 'with-sysinfo');
    cpSync(BASE, src, { recursive: true });
    mkdirSync(join(src, '__sysinfo_before__'));
    writeFileSync(join(src, '__sysinfo_before__', 'uname'), 'Linux\n');
    for (const [argv, kept] of [
      [['-is'], true],
      [['--incl', '--attach'], true],
      [['-i'], false],
    ] as const) {
      const dst = join(root, `out-${argv.join('')}`);
      const r = await strip([...argv, src, dst]);
      expect(r.code, argv.join(' ')).toBe(0);
      expect(existsSync(join(dst, '__sysinfo_before__', 'uname')), argv.join(' ')).toBe(kept);
    }
    const bad = await strip(['-ix', src, join(root, 'never')]);
    expect(bad.code).toBe(64);
    expect(bad.err).toMatch(/^strip-run-perf: error: unknown option -x in -ix\n {2}hint: see strip-run-perf --help\n$/);
  });
});

describe('strip-run-perf after a run killed by Ctrl-C', () => {
  it("removes the staging folder a dead run left beside DST, and nobody else's", async () => {
    const root = tmp();
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    expect(deadPid).toBeGreaterThan(0);
    const stale = join(root, `.out.partial-${deadPid}-0123456789ab`);
    const live = join(root, `.out.partial-${process.pid}-0123456789ab`);
    const other = join(root, '.out.partial-notes');
    for (const d of [stale, live, other]) {
      mkdirSync(d);
      writeFileSync(join(d, 'RUNPERF_METADATA'), 'half\n');
    }
    expect((await strip([BASE, join(root, 'out')])).code).toBe(0);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(other)).toBe(true);
    expect(readdirSync(root).filter((n) => n.startsWith('.out.partial-')).sort()).toEqual([`.out.partial-${process.pid}-0123456789ab`, '.out.partial-notes']);
  });
});

describe('strip-run-perf onto a dangling symbolic link', () => {
  it('refuses it before copying anything (exit 64)', async () => {
    const root = tmp();
    symlinkSync(join(root, 'gone'), join(root, 'out'));
    const r = await strip([BASE, join(root, 'out')]);
    expect(r.code).toBe(64);
    expect(r.err).toMatch(/destination '.*out' is a symbolic link to a missing path\n {2}hint: /);
    expect(readdirSync(root).sort()).toEqual(['out']);
  });
});

describe('strip-run-perf on special files in SRC', () => {
  it('never blocks on a FIFO or reads a device: exit 65 naming the file in SRC, and no DST', async () => {
    const root = tmp();
    const cases: [string, (tree: string) => void, RegExp][] = [
      ['a FIFO result.json', (t) => (rmSync(join(t, 'Localhost/fio/0000/result.json')), spawnSync('mkfifo', [join(t, 'Localhost/fio/0000/result.json')])), /Localhost\/fio\/0000\/result\.json: ENOTREG: a named pipe \(FIFO\) is not a regular file/],
      ['/dev/zero as result.json', (t) => (rmSync(join(t, 'Localhost/fio/0000/result.json')), symlinkSync('/dev/zero', join(t, 'Localhost/fio/0000/result.json'))), /result\.json: ENOTREG: a device is not a regular file/],
      ['a FIFO as RUNPERF_METADATA', (t) => (rmSync(join(t, 'RUNPERF_METADATA')), spawnSync('mkfifo', [join(t, 'RUNPERF_METADATA')])), /\/RUNPERF_METADATA is neither a regular file nor a folder\n/],
      ['a FIFO inside __error0__', (t) => (mkdirSync(join(t, 'Localhost/fio/0000/__error0__'), { recursive: true }), spawnSync('mkfifo', [join(t, 'Localhost/fio/0000/__error0__/pipe')])), /__error0__\/pipe is neither a regular file nor a folder/],
      ['a link to a device inside __error0__', (t) => (mkdirSync(join(t, 'Localhost/fio/0000/__error0__'), { recursive: true }), symlinkSync('/dev/urandom', join(t, 'Localhost/fio/0000/__error0__/u'))), /__error0__\/u is neither a regular file nor a folder/],
      ['a link to a FIFO as INCOMPLETE', (t) => (spawnSync('mkfifo', [join(root, 'elsewhere.fifo')]), symlinkSync(join(root, 'elsewhere.fifo'), join(t, 'INCOMPLETE'))), /\/INCOMPLETE is neither a regular file nor a folder/],
    ];
    for (const [name, spoil, message] of cases) {
      const tree = join(root, name.replace(/\W+/g, '-'));
      cpSync(BASE, tree, { recursive: true });
      spoil(tree);
      const dst = join(root, `${name.replace(/\W+/g, '-')}.out`);
      const r = await strip([tree, dst]);
      expect(r.code, name).toBe(65);
      expect(r.err, name).toMatch(message);
      expect(r.err.trimEnd().split('\n'), name).toHaveLength(2);
      expect(existsSync(dst), name).toBe(false);
    }
  });
});

describe('strip-run-perf and links inside __error__ folders', () => {
  it('copies links to files and folders as their targets, and leaves out a link to nothing or a loop', async () => {
    const root = tmp();
    const tree = join(root, 't');
    cpSync(BASE, tree, { recursive: true });
    const err = join(tree, 'Localhost/fio/0000/__error0__');
    mkdirSync(join(err, 'logs'), { recursive: true });
    writeFileSync(join(err, 'exception'), 'boom\n');
    writeFileSync(join(root, 'outside.txt'), 'outside\n');
    symlinkSync(join(root, 'outside.txt'), join(err, 'file-link'));
    symlinkSync(join(err, 'logs'), join(err, 'folder-link'));
    symlinkSync('nowhere', join(err, 'dangling'));
    symlinkSync('..', join(err, 'logs', 'up'));
    const dst = join(root, 'out');
    const r = await strip([tree, dst]);
    expect(r.code).toBe(0);
    const copied = join(dst, 'Localhost/fio/0000/__error0__');
    expect(readdirSync(copied).sort()).toEqual(['exception', 'file-link', 'folder-link', 'logs']);
    expect(readFileSync(join(copied, 'file-link'), 'utf8')).toBe('outside\n');
    // a link back up (a loop) is left out instead of copied until ELOOP
    expect(readdirSync(join(copied, 'logs'))).toEqual([]);
  });
});
