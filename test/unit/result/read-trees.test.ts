// readResultTrees: the same trees and errors as readResultTree one after the other, with or without the worker thread.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { parseProbedTree, probeResultTree, readResultTree } from '../../../src/result/read-tree.js';
import { readResultTrees, readResultTreesInOrder, receiveReplies, type Outcome, type TreeRequest, type WorkerData } from '../../../src/result/read-trees.js';
import { work } from '../../../src/result/read-worker.js';
import { decodeCacheHit, type CacheHit } from '../../../src/result/tree-cache.js';
import { writeHistory } from '../../../bench/synthetic-trees.js';
import { COMPAT_RESULTS } from '../../support/fixtures.js';

const ROOT = join(import.meta.dirname, '../../..');

/** Every run-perf result of the fixtures (good, partly broken, with __error__ folders), strictly and with incorrect results. */
function requests(): TreeRequest[] {
  const specs = readdirSync(COMPAT_RESULTS)
    .flatMap((group) => (existsSync(join(COMPAT_RESULTS, group)) && !group.includes('.') ? readdirSync(join(COMPAT_RESULTS, group)).filter((n) => n.startsWith('result_')).map((n) => join(COMPAT_RESULTS, group, n)) : []))
    .sort();
  expect(specs.length).toBeGreaterThan(10);
  return [...specs.map((spec) => ({ spec })), ...specs.map((spec) => ({ spec, includeIncorrect: true }))];
}

describe('readResultTrees', () => {
  it('reads what readResultTree reads, in order', () => {
    const reqs = requests();
    const serial = reqs.map((r) => readResultTree(r.spec, '/', { includeIncorrect: r.includeIncorrect ?? false }));
    expect(readResultTrees(reqs, '/', { parallel: false })).toEqual(serial);
    expect(serial.some((t) => t.checks.some((c) => c.kind === 'error'))).toBe(true);
  });

  it('reads cached trees (decoded when wanted) as readResultTree does', () => {
    const reqs = requests();
    const cache = { dir: mkdtempSync(join(tmpdir(), 'perfgate-read-trees-cache-')), version: 't', settleMs: 0 };
    const serial = reqs.map((r) => readResultTree(r.spec, '/', { includeIncorrect: r.includeIncorrect ?? false, cache })); // fills the cache
    expect(probeResultTree((reqs[0] as TreeRequest).spec, '/', { cache }).hit).toBeDefined();
    const trees = readResultTreesInOrder(reqs, '/', { cache, parallel: false });
    expect(trees.map((t) => t())).toEqual(serial);
    expect(readResultTrees(reqs, '/', { cache, parallelFrom: 1, workerUrl: new URL('file:///nonexistent/read-worker.js') })).toEqual(serial);
  });

  it('raises each request\'s error where a serial reading would, and reads on past it only when asked', () => {
    const [a, b] = requests() as [TreeRequest, TreeRequest];
    const missing = { spec: join(COMPAT_RESULTS, 'no_such_result') };
    const expected = (() => {
      try {
        readResultTree(missing.spec, '/');
      } catch (e) {
        return e as Error;
      }
      throw new Error('a missing result must throw');
    })();
    const trees = readResultTreesInOrder([a, b, missing, a], '/', { parallel: false });
    expect(trees).toHaveLength(4);
    expect((trees[0] as () => unknown)()).toEqual(readResultTree(a.spec, '/'));
    expect(() => (trees[2] as () => unknown)()).toThrow(expected.message);
    expect((trees[3] as () => unknown)()).toEqual(readResultTree(a.spec, '/')); // read only now, as a serial reading would
    expect(() => readResultTrees([a, missing, b], '/')).toThrow(expected.message);
  });

  it('the worker\'s replies decode to the very trees the main thread parses (protocol, on one thread)', () => {
    const jobs = requests().map((r) => probeResultTree(r.spec, '/', { includeIncorrect: r.includeIncorrect ?? false }));
    const counters = new Int32Array(new SharedArrayBuffer(12));
    const { port1, port2 } = new MessageChannel();
    const data: WorkerData = { kind: 'perfgate-read-trees', jobs, cache: undefined, shared: counters.buffer as SharedArrayBuffer, port: port2 };
    work(data); // takes every job: nobody else does
    expect(Array.from(counters)).toEqual([jobs.length + 1, jobs.length, 0]);
    const out: (Outcome | undefined)[] = new Array<Outcome | undefined>(jobs.length);
    expect(receiveReplies(port1, counters, jobs.length, out)).toBe(jobs.length);
    port1.close();
    for (let i = 0; i < jobs.length; i++) {
      const outcome = out[i] as { hit: CacheHit }; // kept encoded until wanted
      expect(decodeCacheHit(outcome.hit), jobs[i]?.path).toEqual(parseProbedTree(jobs[i] as (typeof jobs)[number], undefined));
    }
  });

  it('leaves a tree the worker failed on to the main thread', () => {
    const counters = new Int32Array(new SharedArrayBuffer(12));
    const { port1, port2 } = new MessageChannel();
    port2.postMessage({ i: 1, failed: true });
    Atomics.add(counters, 1, 1);
    const out: (Outcome | undefined)[] = [undefined, undefined];
    expect(receiveReplies(port1, counters, 1, out)).toBe(0);
    expect(out).toEqual([undefined, undefined]);
    port1.close();
    port2.close();
  });

  it('stops waiting for a worker that dies holding a tree, and reads that tree itself', () => {
    const built = join(ROOT, 'dist/result/read-trees.js');
    if (!existsSync(built)) return; // CI builds before testing
    const dir = mkdtempSync(join(tmpdir(), 'perfgate-dying-worker-'));
    const script = join(dir, 'dying-worker.mjs');
    // the real worker, whose every reply throws: it takes a tree, parses it and dies uncaught
    writeFileSync(script, `import { workerData } from 'node:worker_threads';\nworkerData.port.postMessage = () => { throw new Error('gone'); };\nawait import(${JSON.stringify(pathToFileURL(join(ROOT, 'dist/result/read-worker.js')).href)});\n`);
    const reqs = Array.from({ length: 12 }, () => requests()).flat();
    const code =
      `import { readResultTrees } from ${JSON.stringify(pathToFileURL(built).href)};` +
      `const reqs = ${JSON.stringify(reqs)}; const stats = { byWorker: -1 }; const t = Date.now();` +
      `const par = readResultTrees(reqs, '/', { parallelFrom: 1, stats, workerUrl: new URL(${JSON.stringify(pathToFileURL(script).href)}) });` +
      `const ser = readResultTrees(reqs, '/', { parallel: false });` +
      `process.stdout.write(JSON.stringify({ same: JSON.stringify(par) === JSON.stringify(ser), byWorker: stats.byWorker, ms: Date.now() - t }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 50_000, killSignal: 'SIGKILL' });
    expect(r.signal).toBeNull();
    const result = JSON.parse(r.stdout) as { same: boolean; byWorker: number; ms: number };
    expect(result.same).toBe(true);
    expect(result.byWorker).toBe(0);
    expect(result.ms).toBeLessThan(30_000); // not the 60 s a silent worker gets
  });

  it('parses on a real second thread with the built reader, to the same trees', () => {
    const built = join(ROOT, 'dist/result/read-trees.js');
    if (!existsSync(built)) return; // CI builds before testing
    // 150 trees of 512 checks: the main thread needs far longer than the worker needs to start, so both parse
    const history = writeHistory(150, 500, { prefix: 'perfgate-read-trees-' });
    try {
      const reqs = [...history.results.map((spec) => ({ spec })), ...requests()];
      const code =
        `import { readResultTrees } from ${JSON.stringify(pathToFileURL(built).href)};` +
        `const reqs = ${JSON.stringify(reqs)}; const stats = { byWorker: 0 };` +
        `const par = readResultTrees(reqs, '/', { parallelFrom: 1, stats }); const ser = readResultTrees(reqs, '/', { parallel: false });` +
        `process.stdout.write(JSON.stringify({ same: JSON.stringify(par) === JSON.stringify(ser), byWorker: stats.byWorker, n: par.length }));`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      const result = JSON.parse(r.stdout) as { same: boolean; byWorker: number; n: number };
      expect(result.n).toBe(reqs.length);
      expect(result.same).toBe(true);
      expect(result.byWorker).toBeGreaterThan(10);
    } finally {
      rmSync(history.dir, { recursive: true, force: true });
    }
  });
});
