// The detection benchmark's re-run generator: same true state and ids as the candidate, fresh noise, the failed tests only.
import { describe, expect, it } from 'vitest';
import { mergeConfirmation } from '../../../src/compare/confirm.js';
import { generateReport } from '../../../bench/detection/generate.js';
import { generateRerun, reportTrees, rerunSeed } from '../../../bench/detection/rerun.js';

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('generateRerun', () => {
  it('keeps the ids and the injected fall, with fresh noise from its own seed', () => {
    const rep = generateReport(7, { kind: 'metric', size: 20 });
    const id = [...rep.regressed][0]!;
    const candidate = rep.inputs.find((i) => i.id === id)!;
    const rerun = generateRerun(rep, rerunSeed(7)).tree;
    expect(rerun.checks.map((c) => c.id)).toEqual(reportTrees(rep).destination.checks.map((c) => c.id));
    const again = rerun.checks.find((c) => c.id === id)!;
    expect(again.value).not.toBe(candidate.dst!.value);
    // The true state carries the −20 %: the re-run lands near the candidate's level, far below the history.
    const history = [candidate.src, ...candidate.refs].map((c) => c!.value as number);
    expect(Math.abs(Math.log((again.value as number) / (candidate.dst!.value as number)))).toBeLessThan(0.1);
    expect((again.value as number) / mean(history)).toBeLessThan(0.9);
    // Unchanged metrics stay near their history (within 10 % for every non-shocked mean).
    const shocked = generateRerun(rep, rerunSeed(7)).shocked;
    for (const i of rep.inputs) {
      if (!i.id.endsWith('.mean') || i.id === id || shocked.has(i.id)) continue;
      const level = mean([i.src, ...i.refs].map((c) => c!.value as number));
      const v = rerun.checks.find((c) => c.id === i.id)!.value as number;
      expect(Math.abs(Math.log(v / level)), i.id).toBeLessThan(0.25);
    }
  });

  it('is deterministic per seed and differs between seeds', () => {
    const rep = generateReport(11, { kind: 'none', size: 0 });
    const a = generateRerun(rep, rerunSeed(11)).tree.checks.map((c) => c.value);
    const b = generateRerun(rep, rerunSeed(11)).tree.checks.map((c) => c.value);
    const c = generateRerun(rep, rerunSeed(11, 2)).tree.checks.map((x) => x.value);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
    expect(rerunSeed(11)).not.toBe(rerunSeed(12));
  });

  it('returns only the failed PROFILE/TEST pairs, with the same values as the full re-run', () => {
    const rep = generateReport(3, { kind: 'family', size: 5 });
    const full = generateRerun(rep, 99).tree;
    const part = generateRerun(rep, 99, [{ profile: 'TunedLibvirt', test: 'uperf' }]).tree;
    expect(part.checks).toHaveLength(18);
    expect(part.checks.every((c) => c.profile === 'TunedLibvirt' && c.test === 'uperf')).toBe(true);
    for (const c of part.checks) expect(c.value).toBe(full.checks.find((x) => x.id === c.id)!.value);
    expect(generateRerun(rep, 99, [{ profile: '*', test: 'fio' }]).tree.checks).toHaveLength(54);
  });

  it('draws whole-run shocks and bimodal modes afresh, at about their natural rate', () => {
    // 3 bimodal metrics per report land in the minor mode 20 % of runs; heavy metrics shock 1 % of runs.
    let shocked = 0;
    let bimodal = 0;
    for (let s = 0; s < 200; s++) {
      const rep = generateReport(1000 + s, { kind: 'none', size: 0 });
      const ids = new Set(rep.specs.filter((x) => x.noise === 'bimodal').map((x) => `${x.id}.mean`));
      bimodal += ids.size;
      for (const id of generateRerun(rep, rerunSeed(1000 + s)).shocked) if (ids.has(id)) shocked++;
    }
    // Binomial(600, 0.2): mean 120, sd ≈ 9.8.
    expect(bimodal).toBe(600);
    expect(shocked).toBeGreaterThan(85);
    expect(shocked).toBeLessThan(155);
  });

  it('merges into the candidate with mergeConfirmation: every re-run check pools its samples', () => {
    const rep = generateReport(5, { kind: 'none', size: 0 });
    const trees = reportTrees(rep);
    const rerun = generateRerun(rep, rerunSeed(5), [{ profile: 'Localhost', test: 'fio' }]).tree;
    const out = mergeConfirmation(trees.destination, [rerun]);
    expect(out.merged).toHaveLength(18);
    expect(out.notes.join('\n')).not.toMatch(/no counterpart/);
    const id = rerun.checks.find((c) => c.kind === 'mean')!.id;
    expect(out.tree.checks.find((c) => c.id === id)!.samples).toHaveLength(6);
  });
});
