// Reads many result trees, parsing the uncached ones on two threads when there are enough (read-worker.ts).
import { existsSync } from 'node:fs';
import type { MessagePort } from 'node:worker_threads';
import { parseProbedTree, probeResultTree, readResultTree, resultTreeOf, type ProbedTree } from './read-tree.js';
import { decodeCacheHit, type CacheHit } from './tree-cache.js';
import { decodeHeader, parseLayout, type CachedTree, type Layout } from './tree-codec.js';
import type { ReadOptions, ResultTree, TreeCacheOptions } from './types.js';

/** One result argument and how to read it. */
export interface TreeRequest {
  spec: string;
  includeIncorrect?: boolean;
}

export interface ReadTreesOptions {
  cache?: TreeCacheOptions;
  /** Parse on a second thread when it pays (default true); false reads everything on this thread. */
  parallel?: boolean;
  /** From how many uncached trees on a second thread parses too (default PARALLEL_FROM). */
  parallelFrom?: number;
  /** The worker's script (default: read-worker.js beside this module, as built). */
  workerUrl?: URL;
  /** Filled in when a worker ran: how many trees it parsed (for tests and benchmarks). */
  stats?: { byWorker: number };
}

/** What the worker needs of a tree. */
export type ParseJob = Pick<ProbedTree, 'path' | 'includeIncorrect' | 'incomplete'>;

export interface WorkerData {
  /** Marks the data as this module's (a test runner's own worker threads carry other workerData). */
  kind: 'perfgate-read-trees';
  jobs: ParseJob[];
  cache: TreeCacheOptions | undefined;
  /** Three Int32 counters: the next job to take, the replies posted, and 1 once the worker has exited. */
  shared: SharedArrayBuffer;
  port: MessagePort;
}

/** A parsed tree in the tree cache's encoding (its layout's text the first time the worker sends that layout), or a failure. */
export type WorkerReply = { i: number; bytes: ArrayBuffer; layout: { hash: string; text: string } | undefined } | { i: number; failed: true };

/**
 * From this many uncached trees on, a second thread parses too. Measured on 2 vCPUs (compare-perf --no-cache, trees
 * of 512 checks, alternating runs): 120 trees +20 % wall, 250 even, 500 −10 %, 1,000 −14 % (3.55 → 3.06 s). The
 * worker starts cold (its code runs in the interpreter at first, 5-10 ms a tree), the main thread also decodes what
 * the worker sends (~0.5 ms a tree), and V8's own helper threads want the second core too.
 */
export const PARALLEL_FROM = 300;

/** How long the main thread waits for a live worker that sends nothing (e.g. out of memory) before it parses the worker's trees itself. */
const STALL_MS = 60_000;

/**
 * Read the trees as readResultTree would one after the other, parsing the uncached ones on two threads when it pays.
 * One getter per request, in order, to call once: each returns its tree or throws the error that request met, so a
 * caller that stops at the first failure (or at a check of its own between trees) raises what a serial reading would.
 */
export function readResultTreesInOrder(requests: readonly TreeRequest[], cwd: string, options: ReadTreesOptions = {}): (() => ResultTree)[] {
  const readOptions = (r: TreeRequest): ReadOptions => ({ cache: options.cache, includeIncorrect: r.includeIncorrect ?? false });
  const probed: ProbedTree[] = [];
  let probeFailure: unknown;
  for (const r of requests) {
    try {
      probed.push(probeResultTree(r.spec, cwd, readOptions(r)));
    } catch (e) {
      // a serial reading stops here, so this request throws; the ones after it are read only if asked for
      probeFailure = e;
      break;
    }
  }
  const misses = probed.filter((p) => p.hit === undefined);
  const parsed = parseTrees(misses, options);
  const outcomes = new Map<ProbedTree, Outcome>();
  misses.forEach((p, k) => outcomes.set(p, parsed[k] as Outcome));
  return requests.map((r, i) => {
    const p = probed[i];
    if (p === undefined) {
      return i === probed.length
        ? () => {
            throw probeFailure;
          }
        : () => readResultTree(r.spec, cwd, readOptions(r));
    }
    const outcome = outcomes.get(p);
    return () => resultTreeOf(p, treeOf(p, outcome, options.cache));
  });
}

/**
 * A probed request's tree, decoded only now (a cache entry, or the worker's encoding), so that a caller taking one
 * tree at a time never holds them all; its error is thrown. What cannot be decoded is read as readResultTree would.
 */
function treeOf(p: ProbedTree, outcome: Outcome | undefined, cache: TreeCacheOptions | undefined): CachedTree {
  if (outcome === undefined) return (p.hit && decodeCacheHit(p.hit)) ?? parseProbedTree(p, cache);
  if ('error' in outcome) throw outcome.error;
  if ('hit' in outcome) return decodeCacheHit(outcome.hit) ?? parseProbedTree(p, cache);
  return outcome;
}

/** readResultTreesInOrder's trees, or the first request's error. */
export function readResultTrees(requests: readonly TreeRequest[], cwd: string, options: ReadTreesOptions = {}): ResultTree[] {
  return readResultTreesInOrder(requests, cwd, options).map((tree) => tree());
}

/** A parsed tree, the worker's encoding of one (decoded when wanted), or the error its reading raised. */
export type Outcome = CachedTree | { hit: CacheHit } | { error: unknown };

function parseHere(job: ParseJob, cache: TreeCacheOptions | undefined): Outcome {
  try {
    return parseProbedTree(job, cache);
  } catch (e) {
    return { error: e };
  }
}

/** The worker's script when there is one to start: the built read-worker.js beside this module (or the bundle). */
function workerScript(options: ReadTreesOptions): URL | undefined {
  if (options.workerUrl) return options.workerUrl;
  const built = new URL('./read-worker.js', import.meta.url);
  return existsSync(built) ? built : undefined;
}

/** Parse the jobs, in order of the result; on two threads when there are enough and a second core. */
function parseTrees(jobs: readonly ParseJob[], options: ReadTreesOptions): Outcome[] {
  const cache = options.cache;
  const from = options.parallelFrom ?? PARALLEL_FROM;
  const script = jobs.length >= from && options.parallel !== false ? workerScript(options) : undefined;
  if (script === undefined || process.getBuiltinModule('node:os').availableParallelism() < 2) return jobs.map((j) => parseHere(j, cache));
  const { Worker, MessageChannel } = process.getBuiltinModule('node:worker_threads');
  const counters = new Int32Array(new SharedArrayBuffer(12));
  const { port1, port2 } = new MessageChannel();
  const data: WorkerData = { kind: 'perfgate-read-trees', jobs: jobs.map((j) => ({ path: j.path, includeIncorrect: j.includeIncorrect, incomplete: j.incomplete })), cache, shared: counters.buffer as SharedArrayBuffer, port: port2 };
  let worker;
  try {
    // no inherited Node options: the built script needs none, and some (-e, -p) would stop a worker from starting
    worker = new Worker(script, { workerData: data, transferList: [port2], execArgv: [] });
  } catch {
    // no thread to be had (e.g. a container's process limit reached): this thread reads everything
    port1.close();
    return jobs.map((j) => parseHere(j, cache));
  }
  // it must not hold the process open, and a worker that fails to start later simply takes no job
  worker.unref();
  worker.on('error', () => undefined);
  const out: (Outcome | undefined)[] = new Array<Outcome | undefined>(jobs.length);
  let mine = 0;
  for (;;) {
    const i = Atomics.add(counters, 0, 1);
    if (i >= jobs.length) break;
    out[i] = parseHere(jobs[i] as ParseJob, cache);
    mine += 1;
  }
  const received = receiveReplies(port1, counters, jobs.length - mine, out);
  port1.close();
  if (options.stats) options.stats.byWorker = received;
  // a tree the worker failed on, or never sent, is read here: its error, if any, is then the serial reading's own
  return out.map((o, i) => o ?? parseHere(jobs[i] as ParseJob, cache));
}

/**
 * Take the worker's replies (read-worker.ts) into `out` until `expected` have come, waiting on the shared reply
 * counter; gives up after STALL_MS without one (the trees left are then read by the caller). Each tree is kept
 * encoded, to decode when it is wanted. Returns how many trees came.
 */
export function receiveReplies(port: MessagePort, counters: Int32Array, expected: number, out: (Outcome | undefined)[]): number {
  const { receiveMessageOnPort } = process.getBuiltinModule('node:worker_threads');
  const layouts = new Map<string, Layout>();
  let received = 0;
  let trees = 0;
  let lastProgress = Date.now();
  while (received < expected) {
    const message = receiveMessageOnPort(port) as { message: WorkerReply } | undefined;
    if (message === undefined) {
      // a worker that has exited (even by an uncaught error) sends nothing more than what it counted
      if (Atomics.load(counters, 2) === 1 && received >= Atomics.load(counters, 1)) break;
      if (Atomics.wait(counters, 1, received, 100) === 'timed-out' && Date.now() - lastProgress > STALL_MS) break;
      continue;
    }
    received += 1;
    lastProgress = Date.now();
    const reply = message.message;
    if (!('bytes' in reply)) continue;
    if (reply.layout) {
      const layout = parseLayout(reply.layout.text);
      if (layout) layouts.set(reply.layout.hash, layout);
    }
    const buf = Buffer.from(reply.bytes);
    const header = decodeHeader(buf);
    const layout = header && layouts.get(header.layout);
    if (header && layout) {
      out[reply.i] = { hit: { buf, header, layout } };
      trees += 1;
    }
  }
  return trees;
}
