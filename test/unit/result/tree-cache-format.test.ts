// Guards the tree cache against reader changes: a change to what the reader produces must come with a new TREE_CACHE_FORMAT.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readResultTree } from '../../../src/result/read-tree.js';
import { TREE_CACHE_FORMAT } from '../../../src/result/tree-cache.js';
import { COMPAT_RESULTS } from '../../support/fixtures.js';
import { GOOD_RESULT, tmpRoot, writeTree } from './tree-builder.js';

/**
 * The format this hash was taken with, and the hash of the reader's output on every fixture tree and on a tree of
 * broken parts (brokenTree). When this test
 * fails, the reader's output changed: bump TREE_CACHE_FORMAT in src/result/tree-cache.ts (so users' caches are not
 * served stale readings) and pin the new pair here.
 */
const PINNED = { format: 'perfgate-tree-cache-5', hash: 'a4d590ef287037354844ee973c4e54d042058d6e' };

/** A tree of what the reader turns into error checks and warnings (written afresh, same content every run). */
function brokenTree(): string {
  const root = writeTree(tmpRoot('perfgate-format-'), {
    'P/fio/0000/result.json': GOOD_RESULT,
    'P/fio/0001/result.json': '',
    'P/fio/0002/result.json': '[{"iteration_name": ',
    'P/fio/0003/result.json': { not: 'a list' },
    'P/fio/0004/result.json': 'null',
    'P/fio/0005/__error0__/exception': 'Traceback: boom\n',
    'P/fio/0007/result.json': 'garbage',
    'P/fio/0007/__error1__/exception': 'Traceback: also boom\nline 2\n',
    RUNPERF_METADATA: '__proto__:x\nbuild:1\nno colon\n',
  });
  mkdirSync(join(root, 'P/fio/0006'));
  spawnSync('mkfifo', [join(root, 'P/fio/0006/result.json')]);
  mkdirSync(join(root, 'P/fio/0008/__error0__'), { recursive: true });
  spawnSync('mkfifo', [join(root, 'P/fio/0008/__error0__/exception')]);
  return root;
}

function readerOutputHash(): string {
  const h = createHash('sha1');
  const broken = brokenTree();
  for (const includeIncorrect of [false, true]) {
    const t = readResultTree(broken, '/', { includeIncorrect });
    h.update(JSON.stringify({ tree: 'broken', includeIncorrect, metadata: t.metadata, warnings: t.warnings, incomplete: t.incomplete, checks: t.checks.map((c) => ({ ...c })) }));
  }
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
