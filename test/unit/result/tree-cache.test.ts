// The tree cache: a warm read equals a fresh parse, and any change to what the reading used is seen.
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { comparePerfCommand } from '../../../src/cli/compare-perf-command.js';
import { memoryIo } from '../../../src/cli/io.js';
import { runCommand } from '../../../src/cli/main.js';
import { treeCacheFor, treeCacheOf } from '../../../src/cli/tree-cache-dir.js';
import { readResultTree } from '../../../src/result/index.js';
import { ENTRIES } from '../../../src/result/tree-cache.js';
import type { ResultTree, TreeCacheOptions } from '../../../src/result/index.js';
import { COMPAT_RESULTS } from '../../support/fixtures.js';
import { GOOD_RESULT, iteration, tmpRoot, writeTree } from './tree-builder.js';

/** Everything a tree holds, for comparison (the `samples` arrays, `valueIsInt` flags and params included). */
const dump = (t: ResultTree) => JSON.stringify({ ...t, checks: t.checks.map((c) => ({ ...c })) });

/** A cache that takes trees written a moment ago (tests write their trees just before reading them). */
const cacheIn = (dir: string): TreeCacheOptions => ({ dir, settleMs: 0 });

const cacheFiles = (dir: string): string[] => (existsSync(join(dir, ENTRIES)) ? readdirSync(join(dir, ENTRIES), { recursive: true }).map(String).filter((f) => f.endsWith('.bin')) : []);

function compatTrees(): string[] {
  const out: string[] = [];
  for (const group of readdirSync(COMPAT_RESULTS, { withFileTypes: true })) {
    if (!group.isDirectory()) continue;
    for (const r of readdirSync(join(COMPAT_RESULTS, group.name), { withFileTypes: true })) if (r.isDirectory()) out.push(join(COMPAT_RESULTS, group.name, r.name));
  }
  return out;
}

describe('tree cache', () => {
  it('a warm read of every run-perf fixture tree equals a fresh parse (values, integer flags, samples, params, error checks, warnings)', () => {
    const dir = tmpRoot('perfgate-cache-');
    const trees = compatTrees();
    expect(trees.length).toBeGreaterThan(8);
    for (const includeIncorrect of [false, true]) {
      for (const t of trees) {
        const fresh = readResultTree(t, '/', { includeIncorrect });
        const first = readResultTree(t, '/', { includeIncorrect, cache: cacheIn(dir) });
        const warm = readResultTree(t, '/', { includeIncorrect, cache: cacheIn(dir) });
        expect(dump(first)).toBe(dump(fresh));
        expect(dump(warm)).toBe(dump(fresh));
      }
    }
    expect(cacheFiles(dir).length).toBe(2 * trees.length);
    // the error fixtures really went through the cache
    expect(compatTrees().some((t) => readResultTree(t, '/', { cache: cacheIn(dir) }).checks.some((c) => c.kind === 'error'))).toBe(true);
  });

  it('a warm read really comes from the cache (a tampered entry shows through until the tree changes)', () => {
    const dir = tmpRoot('perfgate-cache-');
    const root = writeTree(tmpRoot(), { 'P/fio/0000/result.json': GOOD_RESULT });
    readResultTree(root, '/', { cache: cacheIn(dir) });
    const [entry] = cacheFiles(dir);
    const path = join(dir, ENTRIES, entry as string);
    const buf = readFileSync(path);
    const at = (buf.readUInt32LE(8) + 12 + 7) & ~7;
    // the first numeric check in id order is clat.mean = 250
    expect(buf.readDoubleLE(at)).toBe(250);
    buf.writeDoubleLE(123, at);
    writeFileSync(path, buf);
    expect(readResultTree(root, '/', { cache: cacheIn(dir) }).checks[0]?.value).toBe(123);
    writeTree(root, { RUNPERF_METADATA: 'build:3\n' });
    expect(readResultTree(root, '/', { cache: cacheIn(dir) }).checks[0]?.value).toBe(250);
  });

  it('sees a changed value of the same size, a new serial, a new __error__ folder and a changed exception', () => {
    const dir = tmpRoot('perfgate-cache-');
    const root = writeTree(tmpRoot(), { RUNPERF_METADATA: 'build:1\n', 'P/fio/0000/result.json': GOOD_RESULT });
    const cache = cacheIn(dir);
    expect(readResultTree(root, '/', { cache }).checks.find((c) => c.id.endsWith('iops_sec.mean'))?.value).toBe(1000.5);
    // same length, different digits
    const file = join(root, 'P/fio/0000/result.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('1000.5', '1000.7'));
    expect(readResultTree(root, '/', { cache }).checks.find((c) => c.id.endsWith('iops_sec.mean'))?.value).toBe(1000.7);
    writeTree(root, { 'P/fio/0001/result.json': [iteration('write-4KiB', { 'throughput/iops_sec': { mean: 5, stddevpct: 1 } })] });
    expect(readResultTree(root, '/', { cache }).checks.some((c) => c.serial === '0001')).toBe(true);
    writeTree(root, { 'P/fio/0002/__error0__/exception': 'boom' });
    const withError = readResultTree(root, '/', { cache });
    expect(withError.checks.find((c) => c.kind === 'error')?.value).toBe('boom');
    writeFileSync(join(root, 'P/fio/0002/__error0__/exception'), 'bang');
    expect(readResultTree(root, '/', { cache }).checks.find((c) => c.kind === 'error')?.value).toBe('bang');
    writeFileSync(join(root, 'RUNPERF_METADATA'), 'build:2\n');
    expect(readResultTree(root, '/', { cache }).metadata).toEqual({ build: '2\n' });
  });

  it('skips a dangling result.json symlink (as before the cache) and sees a dangling serial symlink come alive', () => {
    const dir = tmpRoot('perfgate-cache-');
    const root = writeTree(tmpRoot(), { 'P/fio/0000/result.json': GOOD_RESULT });
    mkdirSync(join(root, 'P/fio/0001'));
    symlinkSync(join(root, 'nowhere.json'), join(root, 'P/fio/0001/result.json'));
    const elsewhere = join(tmpRoot(), 'serial');
    symlinkSync(elsewhere, join(root, 'P/fio/0002'));
    const first = readResultTree(root, '/', { cache: cacheIn(dir) });
    expect(first.checks.some((c) => c.serial !== '0000')).toBe(false);
    expect(readResultTree(root, '/', { cache: cacheIn(dir) }).checks.length).toBe(first.checks.length);
    // the link's target appears: the parent folder's mtime does not change, the link's stamp does
    writeTree(elsewhere, { 'result.json': GOOD_RESULT });
    expect(readResultTree(root, '/', { cache: cacheIn(dir) }).checks.some((c) => c.serial === '0002')).toBe(true);
  });

  it('never caches an INCOMPLETE tree and sees the marker appear on a cached one', () => {
    const dir = tmpRoot('perfgate-cache-');
    const root = writeTree(tmpRoot(), { 'P/fio/0000/result.json': GOOD_RESULT });
    expect(readResultTree(root, '/', { cache: cacheIn(dir) }).incomplete).toBe(false);
    writeFileSync(join(root, 'INCOMPLETE'), '');
    expect(readResultTree(root, '/', { cache: cacheIn(dir) }).incomplete).toBe(true);
    const other = writeTree(tmpRoot(), { INCOMPLETE: '', 'P/fio/0000/result.json': GOOD_RESULT });
    const before = cacheFiles(dir).length;
    readResultTree(other, '/', { cache: cacheIn(dir) });
    expect(cacheFiles(dir).length).toBe(before);
  });

  it('does not cache a tree written within the settle time, and survives a corrupt or unwritable cache', () => {
    const dir = tmpRoot('perfgate-cache-');
    const root = writeTree(tmpRoot(), { 'P/fio/0000/result.json': GOOD_RESULT });
    const fresh = dump(readResultTree(root, '/'));
    readResultTree(root, '/', { cache: { dir } });
    expect(cacheFiles(dir)).toEqual([]);
    readResultTree(root, '/', { cache: cacheIn(dir) });
    const [entry] = cacheFiles(dir);
    expect(entry).toBeDefined();
    writeFileSync(join(dir, ENTRIES, entry as string), 'PGTC0001garbage');
    expect(dump(readResultTree(root, '/', { cache: cacheIn(dir) }))).toBe(fresh);
    rmSync(join(dir, 'layouts'), { recursive: true });
    expect(dump(readResultTree(root, '/', { cache: cacheIn(dir) }))).toBe(fresh);
    const file = join(tmpRoot(), 'not-a-folder');
    writeFileSync(file, '');
    expect(dump(readResultTree(root, '/', { cache: cacheIn(file) }))).toBe(fresh);
  });

  it('keys entries by path: a copied tree is its own entry and later edits of one do not leak into the other', () => {
    const dir = tmpRoot('perfgate-cache-');
    const a = writeTree(tmpRoot(), { 'P/fio/0000/result.json': GOOD_RESULT });
    readResultTree(a, '/', { cache: cacheIn(dir) });
    const b = join(tmpRoot(), 'copy');
    mkdirSync(b);
    cpSync(a, b, { recursive: true });
    const file = join(b, 'P/fio/0000/result.json');
    writeFileSync(file, readFileSync(file, 'utf8').replace('1000.5', '2000.5'));
    expect(readResultTree(b, '/', { cache: cacheIn(dir) }).checks.find((c) => c.id.endsWith('iops_sec.mean'))?.value).toBe(2000.5);
    expect(readResultTree(a, '/', { cache: cacheIn(dir) }).checks.find((c) => c.id.endsWith('iops_sec.mean'))?.value).toBe(1000.5);
  });
});

describe('trust and versions', () => {
  it('does not use a cache folder writable by others, nor entries written by another perfgate version', () => {
    const root = writeTree(tmpRoot(), { 'P/fio/0000/result.json': GOOD_RESULT });
    const open = tmpRoot('perfgate-cache-');
    chmodSync(open, 0o777);
    readResultTree(root, '/', { cache: cacheIn(open) });
    expect(cacheFiles(open)).toEqual([]);
    const dir = tmpRoot('perfgate-cache-');
    readResultTree(root, '/', { cache: { dir, settleMs: 0, version: '1.0.0' } });
    const [entry] = cacheFiles(dir);
    const path = join(dir, ENTRIES, entry as string);
    const buf = readFileSync(path);
    buf.writeDoubleLE(123, (buf.readUInt32LE(8) + 12 + 7) & ~7);
    writeFileSync(path, buf);
    expect(readResultTree(root, '/', { cache: { dir, settleMs: 0, version: '1.0.0' } }).checks[0]?.value).toBe(123);
    // another version neither finds nor trusts that entry
    expect(readResultTree(root, '/', { cache: { dir, settleMs: 0, version: '1.0.1' } }).checks[0]?.value).toBe(250);
  });
});

describe('treeCacheOf (the CLIs\' cache folder)', () => {
  it('prefers PERFGATE_CACHE_DIR, then XDG_CACHE_HOME, then HOME; off with --no-cache, "off" or nothing to go by', () => {
    const version = (JSON.parse(readFileSync(join(import.meta.dirname, '../../../package.json'), 'utf8')) as { version: string }).version;
    expect(treeCacheOf({ PERFGATE_CACHE_DIR: 'c', HOME: '/h' }, '/w', false)).toEqual({ dir: '/w/c', version });
    expect(treeCacheOf({ XDG_CACHE_HOME: '/x', HOME: '/h' }, '/w', false)).toEqual({ dir: '/x/perfgate', version });
    expect(treeCacheOf({ HOME: '/h' }, '/w', false)).toEqual({ dir: '/h/.cache/perfgate', version });
    expect(treeCacheOf({ HOME: '/h' }, '/w', true)).toBeUndefined();
    expect(treeCacheOf({ PERFGATE_CACHE_DIR: 'off', HOME: '/h' }, '/w', false)).toBeUndefined();
    expect(treeCacheOf({}, '/w', false)).toBeUndefined();
  });
});

describe('treeCacheFor (an untrusted cache folder is reported)', () => {
  it('warns once and parses afresh when PERFGATE_CACHE_DIR is writable by others; says nothing for a private folder', async () => {
    const open = tmpRoot('perfgate-cache-');
    chmodSync(open, 0o777);
    const io = memoryIo([], '/', { PERFGATE_CACHE_DIR: open });
    expect(treeCacheFor(io, 'compare-perf', false)).toBeUndefined();
    expect(io.err()).toBe(`compare-perf: warning: the result cache is not used: ${open} is writable by group or others (chmod go-w ${open}); every result is parsed afresh\n`);
    const mine = tmpRoot('perfgate-cache-');
    const quiet = memoryIo([], '/', { PERFGATE_CACHE_DIR: mine });
    expect(treeCacheFor(quiet, 'compare-perf', false)?.dir).toBe(mine);
    expect(quiet.err()).toBe('');
    // end to end: the comparison still runs and decides
    const src = join(COMPAT_RESULTS, '1_base/result_20200726_080654');
    const dst = join(COMPAT_RESULTS, '2_kernel_update/result_20200726_114437');
    const run = memoryIo([src, dst], '/', { PERFGATE_CACHE_DIR: open });
    const code = await runCommand('compare-perf', comparePerfCommand, run);
    expect([0, 2]).toContain(code);
    expect(run.err()).toContain('warning: the result cache is not used');
    expect(cacheFiles(open)).toEqual([]);
  });
});

