// Reading ahead in worker threads: every tree equals a sequential parse, the cache is filled, bad trees are left
// to the ordinary reading, and few trees stay in the main thread.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prereadTrees } from '../../../src/result/parallel-read.js';
import { readResultTree } from '../../../src/result/index.js';
import { loadCachedTree } from '../../../src/result/tree-cache.js';
import { prereadKey, type ResultTree } from '../../../src/result/types.js';
import { COMPAT_RESULTS } from '../../support/fixtures.js';
import { GOOD_RESULT, tmpRoot, writeTree } from './tree-builder.js';

const dump = (t: ResultTree) => JSON.stringify({ ...t, checks: t.checks.map((c) => ({ ...c })) });

function compatTrees(): string[] {
  const out: string[] = [];
  for (const group of readdirSync(COMPAT_RESULTS, { withFileTypes: true })) {
    if (!group.isDirectory()) continue;
    for (const r of readdirSync(join(COMPAT_RESULTS, group.name), { withFileTypes: true })) if (r.isDirectory()) out.push(join(COMPAT_RESULTS, group.name, r.name));
  }
  return out;
}

describe('prereadTrees (worker threads)', () => {
  it('reads every run-perf fixture tree in workers exactly as the sequential reader does, with and without incorrect results', async () => {
    const trees = compatTrees();
    expect(trees.length).toBeGreaterThan(8);
    for (const includeIncorrect of [false, true]) {
      const ahead = await prereadTrees(trees.map((spec) => ({ spec, includeIncorrect })), '/', { workers: 2, minTrees: 1 });
      expect(ahead.size).toBe(trees.length);
      for (const t of trees) {
        const fresh = readResultTree(t, '/', { includeIncorrect });
        const viaWorker = readResultTree(t, '/', { includeIncorrect, preread: ahead });
        expect(ahead.has(prereadKey(t, includeIncorrect))).toBe(true);
        expect(dump(viaWorker)).toBe(dump(fresh));
      }
    }
  }, 60_000);

  it('fills the tree cache from the workers, and a second reading takes the trees from the cache', async () => {
    const root = tmpRoot('perfgate-preread-');
    const cache = { dir: join(root, 'cache'), settleMs: 0 };
    const specs = Array.from({ length: 6 }, (_, k) => writeTree(join(root, `r${k}`), { 'Localhost/fio/0000/result.json': GOOD_RESULT }));
    const first = await prereadTrees(specs.map((spec) => ({ spec, includeIncorrect: false })), '/', { cache, workers: 2, minTrees: 1 });
    expect(first.size).toBe(6);
    for (const s of specs) expect(loadCachedTree(cache, s, false), s).toBeDefined();
    // warm: every tree comes from the cache
    const warm = await prereadTrees(specs.map((spec) => ({ spec, includeIncorrect: false })), '/', { cache, workers: 2, minTrees: 1 });
    for (const s of specs) expect(dump(readResultTree(s, '/', { preread: warm }))).toBe(dump(readResultTree(s, '/')));
  }, 60_000);

  it('leaves missing, incomplete and broken trees to the ordinary reading, which reports them as always', async () => {
    const root = tmpRoot('perfgate-preread-');
    const good = writeTree(join(root, 'good'), { 'Localhost/fio/0000/result.json': GOOD_RESULT });
    const broken = writeTree(join(root, 'broken'), { 'Localhost/fio/0000/result.json': GOOD_RESULT });
    writeFileSync(join(broken, 'Localhost/fio/0000/result.json'), '[{"iteration_name": ');
    const incomplete = writeTree(join(root, 'incomplete'), { 'Localhost/fio/0000/result.json': GOOD_RESULT });
    writeFileSync(join(incomplete, 'INCOMPLETE'), '');
    const missing = join(root, 'missing');
    const specs = [good, broken, incomplete, missing, `named:${good}`].map((spec) => ({ spec, includeIncorrect: false }));
    const ahead = await prereadTrees(specs, '/', { workers: 2, minTrees: 1 });
    expect(ahead.has(prereadKey(good, false))).toBe(true);
    expect(ahead.has(prereadKey(broken, false))).toBe(true);
    expect(ahead.has(prereadKey(incomplete, false))).toBe(false);
    expect(ahead.has(prereadKey(missing, false))).toBe(false);
    // a malformed result.json is an error check of its serial, in the worker as in the main thread
    expect(dump(readResultTree(broken, '/', { preread: ahead }))).toBe(dump(readResultTree(broken, '/')));
    expect(readResultTree(broken, '/', { preread: ahead }).checks.some((c) => c.kind === 'error')).toBe(true);
    expect(readResultTree(`named:${good}`, '/', { preread: ahead }).name).toBe('named');
    expect(readResultTree(incomplete, '/', { preread: ahead }).incomplete).toBe(true);
    expect(() => readResultTree(missing, '/', { preread: ahead })).toThrow(/does not exist/);
    expect(existsSync(missing)).toBe(false);
  }, 60_000);

  it('stays sequential below minTrees and with a single worker', async () => {
    const root = tmpRoot('perfgate-preread-');
    const specs = [0, 1, 2].map((k) => ({ spec: writeTree(join(root, `r${k}`), { 'Localhost/fio/0000/result.json': GOOD_RESULT }), includeIncorrect: false }));
    expect((await prereadTrees(specs, '/', { workers: 2 })).size).toBe(0);
    expect((await prereadTrees(specs, '/', { workers: 2, minTrees: 1 })).size).toBe(3);
    expect((await prereadTrees(specs, '/', { workers: 1, minTrees: 1 })).size).toBe(0);
  });
});
