// Worker thread of readResultTrees (read-trees.ts): parses the trees the main thread has not taken, sends them encoded.
import { parentPort, workerData } from 'node:worker_threads';
import { parseProbedTree } from './read-tree.js';
import { encodeTree } from './tree-codec.js';
import type { ParseJob, WorkerData, WorkerReply } from './read-trees.js';

/** Take job after job from the shared counter until none is left; each reply is posted, then counted and signalled. */
export function work({ jobs, cache, shared, port }: WorkerData): void {
  const counters = new Int32Array(shared);
  if (parentPort !== null) {
    // however this thread ends, the main thread stops waiting for it
    process.on('exit', () => {
      Atomics.store(counters, 2, 1);
      Atomics.notify(counters, 1);
    });
  }
  const sent = new Set<string>();
  for (;;) {
    const i = Atomics.add(counters, 0, 1);
    if (i >= jobs.length) break;
    let reply: WorkerReply;
    let transfer: ArrayBuffer[] = [];
    try {
      const job = jobs[i] as ParseJob;
      const { bytes, layout } = encodeTree(parseProbedTree(job, cache), { version: '', path: job.path, includeIncorrect: job.includeIncorrect, stamps: [] });
      const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) as ArrayBuffer;
      reply = { i, bytes: copy, layout: sent.has(layout.hash) ? undefined : layout };
      sent.add(layout.hash);
      transfer = [copy];
    } catch {
      // the main thread reads this tree again itself, and so raises the very error a serial reading would
      reply = { i, failed: true };
    }
    port.postMessage(reply, transfer);
    Atomics.add(counters, 1, 1);
    Atomics.notify(counters, 1);
  }
  port.close();
}

if (parentPort !== null && (workerData as Partial<WorkerData> | null)?.kind === 'perfgate-read-trees') work(workerData as WorkerData);
