// Guards the tree cache against reader changes: a change to what the reader produces must come with a new TREE_CACHE_FORMAT.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResultTree } from '../../../src/result/read-tree.js';
import { TREE_CACHE_FORMAT } from '../../../src/result/tree-cache.js';
import { COMPAT_RESULTS } from '../../support/fixtures.js';

/**
 * The format this hash was taken with, and the hash of the reader's output on every fixture tree. When this test
 * fails, the reader's output changed: bump TREE_CACHE_FORMAT in src/result/tree-cache.ts (so users' caches are not
 * served stale readings) and pin the new pair here.
 */
const PINNED = { format: 'perfgate-tree-cache-1', hash: '0db403ba5aab952f4f31b96b909cd141e08a36d0' };

function readerOutputHash(): string {
  const h = createHash('sha1');
  for (const group of readdirSync(COMPAT_RESULTS, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const r of readdirSync(join(COMPAT_RESULTS, group), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
      for (const includeIncorrect of [false, true]) {
        const t = readResultTree(join(COMPAT_RESULTS, group, r), '/', { includeIncorrect });
        h.update(JSON.stringify({ tree: `${group}/${r}`, includeIncorrect, metadata: t.metadata, warnings: t.warnings, incomplete: t.incomplete, checks: t.checks.map((c) => ({ ...c })) }));
      }
    }
  }
  return h.digest('hex');
}

describe('tree cache format', () => {
  it('is bumped whenever the reader output changes', () => {
    const hash = readerOutputHash();
    expect({ format: TREE_CACHE_FORMAT, hash }, 'the reader output changed: bump TREE_CACHE_FORMAT and pin the new hash').toEqual(PINNED);
  });
});
