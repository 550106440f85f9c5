// Recall at a matched false-red rate: run-perf's rules with their tolerance raised until no-change nights are red
// at most as often as perfgate's, against perfgate (issue #3: "at the same false-red rate, ≥ 20 points more recall").
// Usage: npm run bench:matched -- [--reports N] [--seed S] [--target PCT]
import type { FailedTest } from '../../src/runner/rerun-filter.js';
import { arg } from './args.js';
import { perfgateRobustConfirm, type ConfirmSource } from './confirm.js';
import { runperfModel, runperfRaw, type Detector } from './detectors.js';
import { generateReport, type GeneratedReport, type Injection } from './generate.js';
import { generateRerun, reportTrees, rerunSeed } from './rerun.js';

const N_NULL = arg('--reports', 400);
const N_POS = Math.max(50, Math.round(N_NULL / 2));
const SEED = arg('--seed', 20261201);
/** The false-red rate (all no-change nights, %) every run-perf rule is tuned to. */
const TARGET = arg('--target', 5);
const SIZES = [2, 3, 5, 10, 20];
const RATIO_BINS = [0, 2.7, 4, 6.7, 13, Infinity];
const RAW_GRID = [5, 7.5, 10, 12.5, 15, 20, 25, 30, 40, 50, 60, 80, 100];
const MODEL_GRID = [4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150, 200, 300];

function confirmSource(rep: GeneratedReport, seed: number): ConfirmSource {
  let trees: ReturnType<typeof reportTrees> | undefined;
  return {
    get trees() {
      return (trees ??= reportTrees(rep));
    },
    rerun(failed: readonly FailedTest[], attempt = 1) {
      return generateRerun(rep, rerunSeed(seed, attempt), failed).tree;
    },
  };
}

const nulls: { seed: number; rep: GeneratedReport }[] = [];
for (let k = 0; k < N_NULL; k++) nulls.push({ seed: SEED + k, rep: generateReport(SEED + k, { kind: 'none', size: 0 }, { builds: 5, samples: 3 }) });

const redRate = (d: Detector): number => {
  let red = 0;
  for (const { seed, rep } of nulls) if (d.fails(d.run(rep.inputs, confirmSource(rep, seed)))) red++;
  return (100 * red) / nulls.length;
};

/**
 * The smallest tolerance whose false-red rate is at most the target: the first grid value that reaches it, refined by
 * bisection between it and the grid value before (4 steps). The grid's last value when none reaches it.
 */
function tune(make: (t: number) => Detector, grid: readonly number[]): { detector: Detector; red: number; curve: string } {
  const curve: string[] = [];
  const at = (t: number) => {
    const d = make(t);
    const red = redRate(d);
    curve.push(`${t}: ${red.toFixed(1)}%`);
    return { detector: d, red };
  };
  let lo: number | undefined;
  for (const t of grid) {
    const hi = at(t);
    if (hi.red > TARGET) {
      lo = t;
      continue;
    }
    let best = { ...hi, t };
    for (let step = 0; step < 4 && lo !== undefined; step++) {
      const mid = Math.round(((lo + best.t) / 2) * 100) / 100;
      const m = at(mid);
      if (m.red <= TARGET) best = { ...m, t: mid };
      else lo = mid;
    }
    return { detector: best.detector, red: best.red, curve: curve.join(', ') };
  }
  const last = at(grid.at(-1) as number);
  return { ...last, curve: curve.join(', ') };
}

// both tolerances rise together: run-perf gates the .stddev checks too (-s), and a one-sample shock moves those most
const raw = tune((t) => runperfRaw(t, t), RAW_GRID);
const model = tune((t) => runperfModel(4, t), MODEL_GRID);
const rows: { detector: Detector; red: number; note: string }[] = [
  { detector: raw.detector, red: raw.red, note: `tuned (-t: false red) ${raw.curve}` },
  { detector: model.detector, red: model.red, note: `tuned (compare -t: false red) ${model.curve}` },
  { detector: perfgateRobustConfirm(0.025, 2, 0.5), red: NaN, note: 'nightly-perf defaults' },
  { detector: perfgateRobustConfirm(0.05, 5), red: NaN, note: 'compare-perf defaults + --confirm' },
];
for (const r of rows) if (Number.isNaN(r.red)) r.red = redRate(r.detector);

const hits = new Map<string, { bySize: Map<number, [number, number]>; byRatio: [number, number][] }>(rows.map((r) => [r.detector.name, { bySize: new Map(), byRatio: RATIO_BINS.slice(1).map(() => [0, 0]) }]));
let seed = SEED + N_NULL;
for (const size of SIZES) {
  for (let k = 0; k < N_POS; k++, seed++) {
    const injection: Injection = { kind: 'metric', size };
    const rep = generateReport(seed, injection, { builds: 5, samples: 3 });
    const id = [...rep.regressed][0] as string;
    const spec = rep.specs.find((s) => `${s.id}.mean` === id);
    if (!spec) continue;
    const ratio = -Math.log(1 - size / 100) / spec.cv;
    const bin = RATIO_BINS.findIndex((b, i) => ratio >= b && ratio < (RATIO_BINS[i + 1] as number));
    for (const { detector } of rows) {
      const rs = detector.run(rep.inputs, confirmSource(rep, seed));
      const r = rs.find((x) => x.id === id);
      const hit = r !== undefined && detector.flagsRegression(r) && detector.fails(rs) ? 1 : 0;
      const h = hits.get(detector.name)!;
      const cell = h.bySize.get(size) ?? [0, 0];
      cell[0] += hit;
      cell[1]++;
      h.bySize.set(size, cell);
      const rb = h.byRatio[bin] as [number, number];
      rb[0] += hit;
      rb[1]++;
    }
  }
}

const pct = ([a, b]: [number, number]): string => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)}%`);
const pad = (s: string, n: number): string => s.padEnd(n);
console.log(`recall at a matched false-red rate: run-perf rules tuned to ≤ ${TARGET}% red on ${N_NULL} no-change nights (hard negatives included); ${N_POS} single-metric regressions per size; seed ${SEED}`);
console.log(`(a regression counts when its check is flagged and the report fails; confirming detectors re-run as in run.ts)\n`);
console.log([pad('detector', 38), pad('red (all)', 10), ...SIZES.map((s) => pad(`rec ${s}%`, 9)), ...RATIO_BINS.slice(1).map((b, i) => pad(`${RATIO_BINS[i]}–${b === Infinity ? '∞' : b}·CV`, 11))].join(' '));
for (const { detector, red } of rows) {
  const h = hits.get(detector.name)!;
  console.log([pad(detector.name, 38), pad(`${red.toFixed(1)}%`, 10), ...SIZES.map((s) => pad(pct(h.bySize.get(s) ?? [0, 0]), 9)), ...h.byRatio.map((c) => pad(`${pct(c)} (${c[1]})`, 11))].join(' '));
}
console.log('');
for (const { detector, note } of rows) console.log(`${detector.name}: ${note}`);
