// decisionInputs: the k-way merge of the builds' check lists gives every id once, in order, with each build's check.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../src/analyze/stats/prng.js';
import { decisionInputs } from '../../../src/compare/compare.js';
import type { Check, ResultTree } from '../../../src/result/types.js';

const check = (id: string, value: number): Check => ({
  id,
  profile: 'P',
  test: 'fio',
  serial: '0000',
  iteration: id,
  workflow: 'throughput',
  metric: 'iops_sec',
  kind: 'mean',
  primary: true,
  value,
  valueIsInt: false,
  unit: 'IOPS',
  direction: 'higher',
  params: {},
  source: 'P/fio/0000/result.json',
});

const tree = (name: string, checks: Check[]): ResultTree => ({ name, path: `/${name}`, metadata: {}, checks, warnings: [], incomplete: false });

describe('decisionInputs', () => {
  it('takes the union of ids in sorted order, with undefined where a build lacks a check', () => {
    const src = tree('s', [check('a', 1), check('c', 2)]);
    const r1 = tree('r1', [check('b', 3)]);
    const r2 = tree('r2', [check('a', 4), check('b', 5), check('d', 6)]);
    const dst = tree('d', [check('c', 7), check('e', 8)]);
    const inputs = decisionInputs({ source: src, references: [r1, r2], destination: dst });
    expect(inputs.map((i) => i.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    const values = inputs.map((i) => [i.src?.value, ...i.refs.map((r) => r?.value), i.dst?.value]);
    expect(values).toEqual([
      [1, undefined, 4, undefined],
      [undefined, 3, 5, undefined],
      [2, undefined, undefined, 7],
      [undefined, undefined, 6, undefined],
      [undefined, undefined, undefined, 8],
    ]);
  });

  it('lines up builds that hold the same checks (the usual history) build by build', () => {
    const build = (n: number) => tree(`b${n}`, [check('a', n), check('b', 10 + n), check('c', 20 + n)]);
    const inputs = decisionInputs({ source: build(0), references: [build(1), build(2)], destination: build(3) });
    expect(inputs.map((i) => [i.id, i.src?.value, ...i.refs.map((r) => r?.value), i.dst?.value])).toEqual([
      ['a', 0, 1, 2, 3],
      ['b', 10, 11, 12, 13],
      ['c', 20, 21, 22, 23],
    ]);
  });

  it('sorts an unsorted in-memory tree, keeps the last of a duplicated id, and accepts the source as destination', () => {
    const src = tree('s', [check('b', 1), check('a', 2), check('a', 3)]);
    const inputs = decisionInputs({ source: src, references: [], destination: src });
    expect(inputs.map((i) => [i.id, i.src?.value, i.dst?.value, i.refs.length])).toEqual([
      ['a', 3, 3, 0],
      ['b', 1, 1, 0],
    ]);
  });

  it('orders ids by UTF-16 code units, as run-perf sorts them (upper case before lower case)', () => {
    const inputs = decisionInputs({ source: tree('s', [check('B', 1), check('a', 2)]), references: [tree('r', [check('A', 3)])], destination: tree('d', [check('b', 4)]) });
    expect(inputs.map((i) => i.id)).toEqual(['A', 'B', 'a', 'b']);
  });

  it('equals the definition (union of ids in code-unit order, each build\'s last check of the id) on 500 seeded histories, usual or not', () => {
    const rng = createRng(11);
    const ids = Array.from({ length: 12 }, (_, i) => `P/fio/${String.fromCharCode(65 + ((i * 7) % 12))}${i % 3 === 0 ? 'x' : ''}`);
    for (let t = 0; t < 500; t++) {
      const builds = 2 + Math.floor(rng.next() * 5);
      const base = [...ids].sort().slice(0, 1 + Math.floor(rng.next() * ids.length));
      let v = 0;
      const trees = Array.from({ length: builds }, (_, b) => {
        let list = base.map((id) => check(id, v++));
        const u = rng.next();
        if (t % 4 === 1 && u < 0.5) list = list.reverse(); // unsorted in memory
        if (t % 4 === 2 && u < 0.5 && list.length > 1) list.splice(Math.floor(rng.next() * list.length), 1); // a missing check
        if (t % 4 === 3 && u < 0.5) list.push(check(list[list.length - 1]!.id, v++)); // a repeated id
        return tree(`b${b}`, list);
      });
      const got = decisionInputs({ source: trees[0]!, references: trees.slice(1, -1), destination: trees[builds - 1]! });
      const byBuild = trees.map((tr) => new Map(tr.checks.map((c) => [c.id, c])));
      const union = [...new Set(trees.flatMap((tr) => tr.checks.map((c) => c.id)))].sort();
      expect(got.map((i) => i.id)).toEqual(union);
      got.forEach((input) => {
        expect(input.src).toBe(byBuild[0]!.get(input.id));
        expect(input.dst).toBe(byBuild[builds - 1]!.get(input.id));
        expect(input.refs).toHaveLength(builds - 2);
        input.refs.forEach((r, j) => expect(r).toBe(byBuild[j + 1]!.get(input.id)));
      });
    }
  });
});
