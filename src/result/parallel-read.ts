// Parses the uncached trees of a long history in worker threads, so a first reading uses every core.
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ParseJob, ParseReply } from './parse-worker.js';
import { INCOMPLETE_MARKER, parseResultSpec } from './read-tree.js';
import { loadCachedTree } from './tree-cache.js';
import { decodeHeader, decodeTree, parseLayout, type Layout } from './tree-codec.js';
import { prereadKey, type ParsedTree, type TreeCacheOptions } from './types.js';

export interface PrereadOptions {
  cache?: TreeCacheOptions;
  /** Worker threads at most (default: the machine's parallelism, at most 8). */
  workers?: number;
  /** Fewer uncached trees than this are left to the ordinary (sequential) reading: a worker costs ~30 ms to start. */
  minTrees?: number;
}

/** One result argument to read ahead, with the include-incorrect setting its reading will use. */
export interface PrereadSpec {
  spec: string;
  includeIncorrect: boolean;
}

/** The worker: the built `.js` beside this file, or (running from TypeScript sources, in tests) the `.ts` through tsx. */
function startWorker(): Worker {
  const js = new URL('./parse-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js);
  const ts = new URL('./parse-worker.ts', import.meta.url);
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(ts.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`));
}

const isDir = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/**
 * Read ahead the trees of `specs` that the cache does not hold, in parallel, and return every tree read (cached
 * ones included) by prereadKey, for ReadOptions.preread. Never throws: a tree it could not read (or any worker
 * failure) is simply missing from the map, and the ordinary reading then parses it and reports its problems.
 */
export async function prereadTrees(specs: readonly PrereadSpec[], cwd: string, options: PrereadOptions = {}): Promise<Map<string, ParsedTree>> {
  const out = new Map<string, ParsedTree>();
  const todo: ParseJob[] = [];
  for (const { spec, includeIncorrect } of specs) {
    const { path } = parseResultSpec(spec, cwd);
    const key = prereadKey(path, includeIncorrect);
    if (out.has(key) || todo.some((j) => j.path === path && j.includeIncorrect === includeIncorrect)) continue;
    if (!isDir(path) || existsSync(join(path, INCOMPLETE_MARKER))) continue;
    const cached = options.cache ? loadCachedTree(options.cache, path, includeIncorrect) : undefined;
    if (cached) out.set(key, cached);
    else todo.push({ path, includeIncorrect, cache: options.cache });
  }
  const workers = Math.min(options.workers ?? Math.min(availableParallelism(), 8), todo.length);
  if (todo.length < (options.minTrees ?? 24) || workers < 2) return out;
  await parseInWorkers(todo, workers, out);
  return out;
}

/** Hand the jobs to `count` workers one at a time (the idle one takes the next), decode what comes back. */
async function parseInWorkers(jobs: ParseJob[], count: number, out: Map<string, ParsedTree>): Promise<void> {
  const layouts = new Map<string, Layout | undefined>();
  let next = 0;
  const run = (worker: Worker) =>
    new Promise<void>((resolveRun) => {
      const finish = () => {
        void worker.terminate();
        resolveRun();
      };
      const feed = () => {
        const job = jobs[next++];
        if (job) worker.postMessage(job);
        else finish();
      };
      worker.on('message', (reply: ParseReply) => {
        if ('bytes' in reply) {
          if (reply.layoutText !== undefined && !layouts.has(reply.layoutHash)) layouts.set(reply.layoutHash, parseLayout(reply.layoutText));
          const bytes = Buffer.from(reply.bytes.buffer, reply.bytes.byteOffset, reply.bytes.byteLength);
          const header = decodeHeader(bytes);
          const layout = layouts.get(reply.layoutHash);
          const tree = header && layout ? decodeTree(bytes, header, layout) : undefined;
          if (tree) out.set(prereadKey(reply.path, reply.includeIncorrect), tree);
        }
        feed();
      });
      // a worker that fails leaves its remaining share to the others and to the sequential reading
      worker.on('error', finish);
      worker.on('exit', resolveRun);
      feed();
    });
  const pool: Worker[] = [];
  try {
    for (let k = 0; k < count; k++) pool.push(startWorker());
  } catch {
    // no worker could start (e.g. no tsx in a source checkout): the ordinary reading does the work
  }
  await Promise.all(pool.map(run));
}
