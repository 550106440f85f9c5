// Worker thread of parallel-read.ts: parses the trees it is sent and returns each encoded (tree-codec.ts).
import { parentPort } from 'node:worker_threads';
import { parseTree } from './read-tree.js';
import { encodeTree } from './tree-codec.js';
import type { TreeCacheOptions } from './types.js';

/** One tree to parse (an absolute path), and the cache to store it in, if any. */
export interface ParseJob {
  path: string;
  includeIncorrect: boolean;
  cache?: TreeCacheOptions;
}

/** The parsed tree's bytes and layout hash; the layout's text only the first time this worker sends that hash. */
export type ParseReply = { path: string; includeIncorrect: boolean } & ({ bytes: Uint8Array; layoutHash: string; layoutText?: string } | { error: string });

const port = parentPort;
const sent = new Set<string>();
port?.on('message', (job: ParseJob) => {
  const { path, includeIncorrect } = job;
  let reply: ParseReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const tree = parseTree(path, includeIncorrect, job.cache);
    const { bytes, layout } = encodeTree(tree, { version: '', path, includeIncorrect, stamps: [] });
    reply = { path, includeIncorrect, bytes, layoutHash: layout.hash, layoutText: sent.has(layout.hash) ? undefined : layout.text };
    sent.add(layout.hash);
    transfer.push(bytes.buffer as ArrayBuffer);
  } catch (e) {
    // the main thread reads this tree itself and reports the problem the usual way
    reply = { path, includeIncorrect, error: (e as Error).message };
  }
  port.postMessage(reply, transfer);
});
