// strip-run-perf's SRC and DST: a DST inside SRC (or holding it) is refused before writing, SRC's size is measured before writing, a new DST gets a plain mkdir's mode.
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { memoryIo } from '../../../src/cli/io.js';
import { runCommand } from '../../../src/cli/main.js';
import { stripRunPerfCommand } from '../../../src/cli/strip-run-perf-command.js';
import { stripRunPerf } from '../../../src/strip/strip.js';
import { COMPAT_RESULTS } from '../../support/fixtures.js';

const BASE = join(COMPAT_RESULTS, '1_base/result_20200726_080654');
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A fresh folder holding `src`, a copy of a real result tree. */
function root(): string {
  const d = mkdtempSync(join(tmpdir(), 'perfgate-strip-paths-'));
  dirs.push(d);
  cpSync(BASE, join(d, 'src'), { recursive: true });
  return d;
}

async function strip(argv: string[], cwd: string) {
  const io = memoryIo(argv, cwd);
  const code = await runCommand('strip-run-perf', stripRunPerfCommand, io);
  return { code, out: io.out(), err: io.err() };
}

/** Every path under `dir` (hidden ones too, links not followed) with its size: what must stay untouched. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(join(dir, r));
      out.push(`${r} ${st.isDirectory() ? 'dir' : st.size}`);
      if (st.isDirectory()) walk(r);
    }
  };
  walk('');
  return out;
}

/** du of a folder, following symbolic links, as strip-run-perf measures SRC. */
function du(path: string): number {
  const st = statSync(path);
  return st.isDirectory() ? readdirSync(path).reduce((s, n) => s + du(join(path, n)), 0) : st.size;
}

describe('strip-run-perf refuses a DST inside SRC (exit 64, nothing written)', () => {
  it.each([
    ['a folder in SRC', 'src', 'src/inner', /^destination '.*\/src\/inner' lies inside the source '.*\/src'$/],
    ['a deep new folder in SRC', 'src', 'src/Localhost/new/deep', /lies inside the source/],
    ['SRC itself', 'src', 'src', /^destination '.*\/src' is the source '.*\/src' itself$/],
    ['SRC itself, spelled src/./', 'src', 'src/./', /is the source '.*\/src' itself/],
    ['through a symbolic link to SRC', 'src', 'link/inner', /^destination '.*\/link\/inner' \(.*\/src\/inner once symbolic links are resolved\) lies inside the source/],
    ['SRC given through a symbolic link', 'link', 'src/inner', /lies inside the source '.*\/link'/],
    ['SRC lies inside DST', 'src', '.', /^source '.*\/src' lies inside the destination '.*'$/],
  ])('%s', async (_name, src, dst, message) => {
    const cwd = root();
    symlinkSync(join(cwd, 'src'), join(cwd, 'link'));
    const before = snapshot(cwd);
    const r = await strip([src, dst], cwd);
    expect(r.code).toBe(64);
    expect(r.out).toBe('');
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^strip-run-perf: error: /);
    expect(lines[0]?.replace('strip-run-perf: error: ', '')).toMatch(message);
    expect(lines[1]).toMatch(/^ {2}hint: pass a DST outside SRC/);
    expect(snapshot(cwd)).toEqual(before);
  });

  it('the library call refuses too, and a sibling whose name merely starts like SRC is fine', () => {
    const cwd = root();
    expect(() => stripRunPerf(join(cwd, 'src'), join(cwd, 'src', 'x'))).toThrow(/lies inside the source/);
    expect(readdirSync(join(cwd, 'src')).sort()).toEqual(['Localhost', 'Localhost2', 'RUNPERF_METADATA']);
    stripRunPerf(join(cwd, 'src'), join(cwd, 'src2'));
    expect(readdirSync(join(cwd, 'src2')).sort()).toEqual(['Localhost', 'Localhost2', 'RUNPERF_METADATA']);
  });
});

describe('strip-run-perf measures SRC before writing', () => {
  it('output reachable from SRC through a symbolic link is not counted as SRC', () => {
    const cwd = root();
    mkdirSync(join(cwd, 'outside'));
    // a folder strip-run-perf does not copy, linking to where the output goes
    symlinkSync(join(cwd, 'outside'), join(cwd, 'src', '__notes__'));
    const srcBytes = du(join(cwd, 'src'));
    const s = stripRunPerf(join(cwd, 'src'), join(cwd, 'outside', 'stripped'));
    expect(s.bytesAfter).toBeGreaterThan(0);
    expect(s.bytesBefore).toBe(srcBytes);
  });
});

describe('strip-run-perf gives a new DST the mode of a plain mkdir', () => {
  const withUmask = <T>(mask: number, f: () => T): T => {
    const old = process.umask(mask);
    try {
      return f();
    } finally {
      process.umask(old);
    }
  };
  it.each([
    ['022', 0o022, 0o755],
    ['027', 0o027, 0o750],
    ['002', 0o002, 0o775],
  ])('umask %s: the mode mkdir gives', (_name, mask, mode) => {
    const cwd = root();
    withUmask(mask, () => {
      stripRunPerf(join(cwd, 'src'), join(cwd, 'new'));
      stripRunPerf(join(cwd, 'src'), join(cwd, 'a/b/deep'));
      mkdirSync(join(cwd, 'plain'));
    });
    expect(statSync(join(cwd, 'plain')).mode & 0o777).toBe(mode);
    for (const d of ['new', 'a', 'a/b', 'a/b/deep']) expect(statSync(join(cwd, d)).mode & 0o777, d).toBe(mode);
  });
  it('an existing empty DST keeps its own mode', () => {
    const cwd = root();
    mkdirSync(join(cwd, 'mine'), { mode: 0o711 });
    stripRunPerf(join(cwd, 'src'), join(cwd, 'mine'));
    expect(statSync(join(cwd, 'mine')).mode & 0o777).toBe(0o711 & ~process.umask());
  });
});
