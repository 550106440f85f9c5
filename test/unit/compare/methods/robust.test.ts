// The robust decision method on hand-built histories: detection, direction, outliers, steps, bimodality, zeros, multiplicity.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/analyze/stats/prng.js';
import { DEFAULT_METHOD_OPTIONS } from '../../../../src/compare/methods/options.js';
import { createRobustMethod, decideRobust } from '../../../../src/compare/methods/robust.js';
import type { ScreenedResult } from '../../../../src/compare/methods/robust-result.js';
import { createToleranceMethod } from '../../../../src/compare/methods/tolerance.js';
import type { CheckResult, DecisionInput } from '../../../../src/compare/types.js';
import type { Check, Direction } from '../../../../src/result/types.js';

function check(iteration: string, value: number | string, opts: { metric?: string; direction?: Direction; kind?: 'mean' | 'stddev' | 'error'; primary?: boolean; workflow?: string } = {}): Check {
  const kind = opts.kind ?? 'mean';
  const metric = opts.metric ?? 'iops_sec';
  const workflow = opts.workflow ?? 'throughput';
  return {
    id: kind === 'error' ? `P/fio/0000:./ERROR/ERROR/ERROR.error` : `P/fio/0000:./${iteration}/${workflow}/${metric}.${kind}`,
    profile: 'P',
    test: 'fio',
    serial: '0000',
    iteration,
    workflow,
    metric,
    kind,
    primary: opts.primary ?? true,
    value,
    valueIsInt: false,
    unit: 'IOPS',
    direction: opts.direction ?? 'higher',
    params: {},
    // (an __error__ folder's check: one whose source is a result.json is perfgate's own reading failure)
    source: kind === 'error' ? 'P/fio/0000/__error__' : 'P/fio/0000/result.json',
  };
}

/** A family of `n` like checks with Gaussian noise of `cv` around `level`, over `builds` history builds; `dst` maps index → multiplier. */
function family(seed: number, n: number, builds: number, cv: number, dstFactor: (i: number) => number, opts: { direction?: Direction; level?: number; metric?: string } = {}): DecisionInput[] {
  const rng = createRng(seed);
  const level = opts.level ?? 1000;
  return Array.from({ length: n }, (_, i) => {
    const it = `read-${i}k`;
    const mk = (f: number) => check(it, level * (1 + i * 0.1) * f * (1 + cv * rng.normal()), { direction: opts.direction, metric: opts.metric });
    const hist = Array.from({ length: builds }, () => mk(1));
    const id = hist[0]!.id;
    return { id, src: hist[0], refs: hist.slice(1), dst: mk(dstFactor(i)) };
  });
}

const opts = { ...DEFAULT_METHOD_OPTIONS };
const byIter = (rs: CheckResult[], i: number) => rs.find((r) => r.id.includes(`/read-${i}k/`))!;

describe('robust method', () => {
  it('flags a 10 % drop at CV 1 % with a CI around it, passes the unchanged members', () => {
    const rs = createRobustMethod(opts).decide(family(1, 8, 6, 0.01, (i) => (i === 3 ? 0.9 : 1)));
    const r = byIter(rs, 3);
    expect(r.verdict).toBe('regression');
    expect(r.change!).toBeLessThan(-7);
    expect(r.changeCi![0]).toBeLessThan(-10 + 1);
    expect(r.changeCi![1]).toBeGreaterThan(-10 - 4);
    expect(r.changeCi![0]).toBeLessThan(r.change!);
    expect(r.band![0]).toBeGreaterThan(-7);
    expect(r.adjustedPValue!).toBeLessThanOrEqual(0.05);
    expect(r.adjustedPValue!).toBeGreaterThanOrEqual(r.pValue!);
    expect(r.evidence.join(' ')).toMatch(/history n=6.*log scale/);
    expect(r.evidence.join(' ')).toMatch(/Holm over 9 primary checks and family tests/);
    expect(r.details).toMatch(/CI/);
    for (const i of [0, 1, 2, 4, 5, 6, 7]) expect(byIter(rs, i).verdict).not.toBe('regression');
  });

  it('is direction-aware: a rise of a lower-is-better latency is a regression, a rise of throughput an improvement', () => {
    const lat = createRobustMethod(opts).decide(family(2, 6, 6, 0.01, (i) => (i === 0 ? 1.12 : 1), { direction: 'lower', metric: 'clat' }));
    expect(byIter(lat, 0).verdict).toBe('regression');
    expect(byIter(lat, 0).score).toBeLessThan(0);
    const thr = createRobustMethod(opts).decide(family(2, 6, 6, 0.01, (i) => (i === 0 ? 1.12 : 1)));
    expect(byIter(thr, 0).verdict).toBe('improvement');
    expect(byIter(thr, 0).score).toBeGreaterThan(0);
    const unknown = createRobustMethod(opts).decide(family(2, 6, 6, 0.01, (i) => (i === 0 ? 1.12 : 1), { direction: 'unknown', metric: 'foo' }));
    expect(byIter(unknown, 0).verdict).toBe('regression');
    expect(byIter(unknown, 0).details).toMatch(/two-sided/);
  });

  it('keeps --tolerance as the minimum practical effect: a significant 2 % change at CV 0.2 % is only minor at -t 5', () => {
    const rs = createRobustMethod(opts).decide(family(3, 8, 8, 0.002, (i) => (i === 1 ? 0.98 : 1)));
    expect(byIter(rs, 1).verdict).toBe('minor-loss');
    expect(byIter(rs, 1).details).toMatch(/below the 5% minimum effect/);
    const strict = createRobustMethod({ ...opts, tolerance: 1 }).decide(family(3, 8, 8, 0.002, (i) => (i === 1 ? 0.98 : 1)));
    expect(byIter(strict, 1).verdict).toBe('regression');
  });

  it('is robust to one outlier in the history: still detects a 6 % drop', () => {
    const inputs = family(4, 8, 8, 0.008, (i) => (i === 2 ? 0.94 : 1));
    const victim = inputs[2]!;
    const refs = [...victim.refs];
    refs[3] = { ...refs[3]!, value: (refs[3]!.value as number) * 0.7 };
    inputs[2] = { ...victim, refs };
    const r = byIter(createRobustMethod(opts).decide(inputs), 2);
    expect(r.verdict).toBe('regression');
    expect(r.evidence.join(' ')).toMatch(/outlier ref4/);
  });

  it('uses the segment after an earlier accepted step', () => {
    const inputs = family(5, 8, 10, 0.008, () => 1);
    const steppy = (factor: number): DecisionInput => {
      const v = inputs[0]!;
      const refs = v.refs.map((c, j) => (j >= 4 ? { ...c!, value: (c!.value as number) * 0.9 } : c));
      return { ...v, refs, dst: { ...v.dst!, value: (v.dst!.value as number) * 0.9 * factor } };
    };
    inputs[0] = steppy(1);
    const same = byIter(createRobustMethod(opts).decide(inputs), 0);
    expect(same.verdict).not.toBe('regression');
    expect(same.evidence.join(' ')).toMatch(/earlier step at ref5/);
    inputs[0] = steppy(0.93);
    const worse = byIter(createRobustMethod(opts).decide(inputs), 0);
    expect(worse.verdict).toBe('regression');
    expect(worse.change!).toBeLessThan(-4);
    expect(worse.change!).toBeGreaterThan(-10);
  });

  it('does not flip on a bimodal metric whose second mode is in the history', () => {
    const inputs = family(6, 8, 6, 0.01, () => 1);
    const v = inputs[1]!;
    const refs = [...v.refs];
    refs[2] = { ...refs[2]!, value: (refs[2]!.value as number) * 0.92 };
    inputs[1] = { ...v, refs, dst: { ...v.dst!, value: (v.dst!.value as number) * 0.92 } };
    const r = byIter(createRobustMethod(opts).decide(inputs), 1);
    expect(r.verdict).not.toBe('regression');
    expect(r.evidence.join(' ')).toMatch(/kept: the candidate lies in the same tail/);
  });

  it('handles zero variance and zero baselines', () => {
    const flat = (v: number, d: number): DecisionInput => {
      const c = check('z-1', v, { metric: 'errors', workflow: 'other', direction: 'lower' });
      return { id: c.id, src: c, refs: [c, c, c], dst: { ...c, value: d } };
    };
    const [same] = decideRobust([{ id: 'a', history: [flat(0, 0).src, ...flat(0, 0).refs], dst: flat(0, 0).dst }], opts);
    expect(same!.verdict).toBe('pass');
    const [worse] = decideRobust([{ id: 'a', history: [flat(0, 0).src, ...flat(0, 0).refs], dst: flat(0, 3).dst }], opts);
    expect(worse!.verdict).toBe('regression');
    expect(worse!.change).toBeUndefined(); // no relative change from a zero centre
    expect(worse!.pValue).toBe(0);
    const [steady] = decideRobust([{ id: 'a', history: [flat(50, 50).src, ...flat(50, 50).refs], dst: flat(50, 50).dst }], opts);
    expect(steady!.verdict).toBe('pass');
  });

  it('a family test catches a broad small shift that no single member shows', () => {
    const rs = createRobustMethod({ ...opts, tolerance: 1 }).decide(family(9, 9, 6, 0.01, () => 0.985));
    const members = rs.filter((r) => !r.grouped);
    expect(members.filter((r) => r.verdict === 'regression').length).toBeLessThanOrEqual(2);
    const g = rs.find((r) => r.grouped)!;
    expect(g.id).toBe('P/fio/0000:./*/throughput/iops_sec.mean');
    expect(g.verdict).toBe('regression');
    expect(g.change!).toBeGreaterThan(-2.5);
    expect(g.change!).toBeLessThan(-0.5);
    expect(g.details).toMatch(/mean change of the family/);
    expect(g.evidence[0]).toMatch(/family mean of 9 checks over 6 build/);
    const none = createRobustMethod({ ...opts, tolerance: 1 }).decide(family(9, 9, 6, 0.01, () => 1));
    expect(none.find((r) => r.grouped)!.verdict).not.toBe('regression');
  });

  it('reports a within-run noise increase on .stddev checks without failing the build', () => {
    const rng = createRng(8);
    const inputs: DecisionInput[] = Array.from({ length: 6 }, (_, i) => {
      const mk = (v: number) => check(`read-${i}k`, v, { kind: 'stddev', direction: 'lower' });
      const hist = Array.from({ length: 6 }, () => mk(1 + 0.2 * rng.normal()));
      return { id: hist[0]!.id, src: hist[0], refs: hist.slice(1), dst: mk(i === 0 ? 12 : 1) };
    });
    const r = byIter(createRobustMethod(opts).decide(inputs), 0);
    expect(r.verdict).toBe('minor-loss');
    expect(r.details).toMatch(/reported, not gated/);
    expect(r.change).toBeCloseTo(11, 0); // points, not %
  });

  it('falls back to the tolerance rule with one build and no like metrics, and reports errors', () => {
    const c = check('read-4k', 100);
    const rs = createRobustMethod(opts).decide([{ id: c.id, src: c, refs: [], dst: { ...c, value: 90 } }]);
    expect(rs[0]!.verdict).toBe('regression');
    expect(rs[0]!.evidence).toContain('tolerance only');
    const missing = createRobustMethod(opts).decide([{ id: c.id, src: c, refs: [], dst: undefined }]);
    expect(missing[0]!.verdict).toBe('error');
    const e = check('x', 'Boom', { kind: 'error' });
    expect(createRobustMethod(opts).decide([{ id: e.id, src: e, refs: [], dst: e }])[0]!.verdict).toBe('pass');
    expect(createRobustMethod(opts).decide([{ id: e.id, src: undefined, refs: [], dst: e }])[0]!.verdict).toBe('error');
  });

  it('with one build, checks a tolerance-rule regression against the within-run samples (Welch)', () => {
    const c = check('read-4k', 100);
    // noisy samples: a -10 % change the runs' own samples scatter around is inconclusive, not a regression
    const noisy = createRobustMethod(opts).decide([{ id: c.id, src: { ...c, samples: [80, 100, 120] }, refs: [], dst: { ...c, value: 90, samples: [72, 92, 106] } }]);
    expect(noisy[0]!.verdict).toBe('minor-loss');
    expect(noisy[0]!.evidence).toContain('within-run samples (Welch)');
    expect(noisy[0]!.details).toMatch(/Welch t=.*p=.* > 0\.05: the samples do not confirm it/);
    // tight samples: the same change stands as a regression, with the test as evidence
    const tight = createRobustMethod(opts).decide([{ id: c.id, src: { ...c, samples: [99.8, 100, 100.2] }, refs: [], dst: { ...c, value: 90, samples: [89.9, 90, 90.1] } }]);
    expect(tight[0]!.verdict).toBe('regression');
    expect(tight[0]!.details).toMatch(/Welch t=-\d.*≤ 0\.05/);
    // a latency rise (lower is better) is tested one-sided upwards
    const lat = check('read-4k', 100, { metric: 'clat', workflow: 'latency', direction: 'lower' });
    const up = createRobustMethod(opts).decide([{ id: lat.id, src: { ...lat, samples: [99.8, 100, 100.2] }, refs: [], dst: { ...lat, value: 110, samples: [109.9, 110, 110.1] } }]);
    expect(up[0]!.verdict).toBe('regression');
    // the Bonferroni share shrinks with the number of primary means: 20 of them make a borderline case inconclusive
    const many = Array.from({ length: 20 }, (_, i) => {
      const x = check(`it-${i}`, 100);
      const dst = i === 0 ? { ...x, value: 90, samples: [86, 90, 94] } : { ...x, value: 100, samples: [99, 100, 101] };
      return { id: x.id, src: { ...x, samples: [97, 100, 103] }, refs: [], dst }; // Welch p ≈ 0.017: ≤ 0.05, > 0.05/20
    });
    const one = createRobustMethod(opts).decide([many[0]!]);
    const twenty = createRobustMethod(opts).decide(many);
    expect(one[0]!.verdict).toBe('regression');
    expect(twenty.find((r) => r.id === many[0]!.id)!.verdict).toBe('minor-loss');
  });

  it('with one build, more within-run noise (.stddev beyond the tolerance) is reported, not gated', () => {
    const sd = check('read-4k', 2, { kind: 'stddev', direction: 'lower' });
    const rs = createRobustMethod(opts).decide([{ id: sd.id, src: sd, refs: [], dst: { ...sd, value: 9 } }]);
    expect(rs[0]!.verdict).toBe('minor-loss');
    expect(rs[0]!.details).toMatch(/reported, not gated/);
    const better = createRobustMethod(opts).decide([{ id: sd.id, src: { ...sd, value: 9 }, refs: [], dst: sd }]);
    expect(better[0]!.verdict).toBe('improvement');
  });

  it('controls false alarms across a 100-check report (Holm): no-change reports stay green', () => {
    let red = 0;
    for (let s = 0; s < 40; s++) {
      const inputs = Array.from({ length: 10 }, (_, f) => family(1000 + s * 10 + f, 10, 5, 0.02, () => 1, { metric: `m${f}` })).flat();
      if (createRobustMethod(opts).decide(inputs).some((r) => r.verdict === 'regression')) red++;
    }
    expect(red).toBeLessThanOrEqual(5); // α = 5 %: expected ≤ 2 of 40
  });

  it('tests a candidate that averages m confirmation runs with se² = s̃²(1/m + 1/n), and says so', () => {
    const inputs = family(11, 8, 6, 0.01, (i) => (i === 3 ? 0.97 : 1));
    const one = byIter(createRobustMethod(opts).decide(inputs), 3);
    const merged = inputs.map((i) => ({ ...i, dst: i.dst && { ...i.dst, runs: 3 } }));
    const three = byIter(createRobustMethod(opts).decide(merged), 3);
    expect(three.change).toBeCloseTo(one.change!, 12);
    expect(three.pValue!).toBeLessThan(one.pValue!);
    const width = (r: CheckResult) => r.changeCi![1] - r.changeCi![0];
    expect(width(three)).toBeLessThan(width(one));
    expect(three.evidence.some((e) => e.includes('mean of 3 runs'))).toBe(true);
    expect(one.evidence.some((e) => e.includes('runs'))).toBe(false);
  });

  it('marks a not-yet-significant worse change as suspect for the confirmation screen (K·p ≤ screen), never a regression or a pass', () => {
    const at = (d: number, screen?: number) => {
      const rs = createRobustMethod({ ...opts, tolerance: 2, screen }).decide(family(1, 8, 6, 0.01, (i) => (i === 3 ? d : 1)));
      return { r: byIter(rs, 3) as ScreenedResult, all: rs as ScreenedResult[] };
    };
    const marginal = at(0.96);
    expect(marginal.r.verdict).toBe('minor-loss');
    expect(marginal.r.adjustedPValue!).toBeGreaterThan(0.05);
    const k = marginal.all.filter((r) => r.primary && r.kind === 'mean').length; // 8 members + the family test
    expect(k).toBe(9);
    expect(k * marginal.r.pValue!).toBeLessThanOrEqual(0.5);
    expect(marginal.r.suspect).toBe(true);
    expect(marginal.all.filter((r) => r.suspect).map((r) => r.id)).toEqual([marginal.r.id]);
    // A stricter screen, or none, does not mark it; a regression and a 1 % wobble are never suspects.
    expect(at(0.96, (k * marginal.r.pValue!) / 2).r.suspect).toBeUndefined();
    expect(at(0.96, k * marginal.r.pValue! * 1.01).r.suspect).toBe(true);
    expect(at(0.96, 0).r.suspect).toBeUndefined();
    expect(at(0.94).r.verdict).toBe('regression');
    expect(at(0.94).r.suspect).toBeUndefined();
    expect(at(0.99).r.suspect).toBeUndefined();
    // The better direction is never suspect.
    expect(at(1.04).r.suspect).toBeUndefined();
  });

  it('decideBuilds judges references by the linear-time tolerance rule and only the destination by the gate', () => {
    const inputs = family(7, 6, 6, 0.01, () => 1);
    const per = createRobustMethod(opts).decideBuilds!(inputs);
    expect(per).toHaveLength(6);
    const tolerance = createToleranceMethod(opts);
    for (let j = 0; j < 5; j++) {
      const refInputs = inputs.map((i) => ({ id: i.id, src: i.src, refs: i.refs.slice(0, j), dst: i.refs[j] }));
      // Same verdicts as judging each reference on its own; only the shared history column differs (all references).
      const strip = (rs: readonly CheckResult[]) => rs.map(({ history: _h, ...r }) => ({ ...r, details: r.details }));
      expect(strip(per[j]!)).toEqual(strip(tolerance.decide(refInputs, { role: 'reference' })));
      expect(per[j]!.find((r) => !r.grouped)!.history).toHaveLength(5);
    }
    expect(per[5]!.filter((r) => !r.grouped).every((r) => r.evidence.some((e) => e.startsWith('history n=6')))).toBe(true);
    expect(per[5]!.filter((r) => r.grouped)).toHaveLength(1);
  });

  it("adds the candidate's excess within-run variance over the usual level, the median of all numeric stddev values", () => {
    // the `.stddev` sibling's own series has only the finite values: with an infinite one its median is not the usual level
    for (const [history, usual] of [
      [[2, 3, 4, 2.5, 3.5], '3'],
      [[2, 3, 4, Infinity, 3.5], '3.5'],
    ] as const) {
      const inputs: DecisionInput[] = [];
      for (const kind of ['mean', 'stddev'] as const) {
        const hist = kind === 'mean' ? [1000, 1010, 990, 1005, 995].map((v) => check('read-1k', v)) : history.map((v) => check('read-1k', v, { kind }));
        const dst = kind === 'mean' ? check('read-1k', 1000) : check('read-1k', 12, { kind });
        inputs.push({ id: hist[0]!.id, src: hist[0], refs: hist.slice(1), dst });
      }
      const mean = createRobustMethod(opts).decide(inputs).find((r) => r.kind === 'mean')!;
      expect(mean.evidence).toContain(`candidate within-run stddev 12% vs usual ${usual}% (variance added)`);
    }
  });

  it("gives every result the references' values as its history column (undefined where missing, text kept, no holes)", () => {
    const rng = createRng(7);
    for (let t = 0; t < 40; t++) {
      const inputs: DecisionInput[] = Array.from({ length: 6 }, (_, i) => {
        const mk = (): Check | undefined => {
          const u = rng.next();
          return u < 0.1 ? undefined : check(`read-${i}k`, u < 0.15 ? 'failed' : u < 0.18 ? Infinity : 1000 * (1 + 0.02 * rng.normal()));
        };
        const refs = Array.from({ length: 1 + (t % 9) }, mk);
        return { id: check(`read-${i}k`, 0).id, src: t % 5 === 0 ? undefined : check(`read-${i}k`, 1000), refs, dst: mk() };
      });
      const rs = createRobustMethod(opts).decide(inputs);
      for (const input of inputs) {
        const r = rs.find((x) => x.id === input.id)!;
        expect(r.history).toEqual(input.refs.map((c) => c?.value));
        expect(Object.keys(r.history)).toHaveLength(input.refs.length);
      }
    }
  });
});
