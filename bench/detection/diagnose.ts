// Diagnosis of missed single-metric regressions in one effect/CV range: noise class, step, p, adjusted p, band, evidence.
// Usage: npx tsx bench/detection/diagnose.ts [--reports N] [--seed S] [--lo 6.7] [--hi 13] [--tolerance 2]
import { perfgateRobust } from './detectors.js';
import { generateReport } from './generate.js';
import { arg } from './args.js';

const N_NULL = arg('--reports', 400);
const N_POS = Math.max(50, Math.round(N_NULL / 2));
const LO = arg('--lo', 6.7);
const HI = arg('--hi', 13);
const d = perfgateRobust(0.05, arg('--tolerance', 2));
const SIZES = [1, 2, 3, 5, 10, 20];
// Same seeds as run.ts: the single-metric reports follow the no-change ones.
let seed = arg('--seed', 20261201) + N_NULL;
let total = 0;
let missed = 0;
const causes = new Map<string, number>();
for (const size of SIZES) {
  for (let k = 0; k < N_POS; k++) {
    const rep = generateReport(seed++, { kind: 'metric', size });
    const id = [...rep.regressed][0]!;
    const spec = rep.specs.find((s) => `${s.id}.mean` === id)!;
    const ratio = -Math.log(1 - size / 100) / spec.cv;
    if (ratio < LO || ratio >= HI) continue;
    total++;
    const rs = d.run(rep.inputs);
    const r = rs.find((x) => x.id === id)!;
    if (d.flagsRegression(r)) continue;
    missed++;
    const ev = r.evidence.join(' | ');
    const cause = ev.includes('variance added') ? 'excess within-run' : ev.includes('earlier step') ? 'step' : ev.includes('kept') ? 'far kept' : ev.includes('left out') ? 'outlier out' : spec.noise;
    causes.set(cause, (causes.get(cause) ?? 0) + 1);
    const inp = rep.inputs.find((i) => i.id === id)!;
    const hist = [inp.src, ...inp.refs].map((c) => (typeof c?.value === 'number' ? c.value.toFixed(0) : '?')).join(',');
    console.log(`MISS ${size}% ratio=${ratio.toFixed(1)} cv=${(spec.cv * 100).toFixed(2)}% ${spec.noise} ${r.verdict} p=${r.pValue?.toExponential(2)} adj=${r.adjustedPValue?.toExponential(2)} change=${r.change?.toFixed(2)} band=${r.band?.map((b) => b.toFixed(2)).join('…')}\n   hist=${hist} dst=${(inp.dst?.value as number).toFixed(0)}\n   ${r.details}\n   ${ev}`);
  }
}
console.log(`\n${missed} missed of ${total} in ${LO}–${HI} CV: ${[...causes].map(([c, n]) => `${c} ${n}`).join(', ')}`);
