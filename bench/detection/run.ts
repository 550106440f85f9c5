// Detection-quality benchmark: false-red rate on no-change nights, recall per effect size and δ/CV, direction errors, per detector.
// Usage: npx tsx bench/detection/run.ts [--reports N] [--seed S] [--builds B]
import type { FailedTest } from '../../src/runner/rerun-filter.js';
import { perfgateRobustConfirm, type ConfirmSource } from './confirm.js';
import { perfgateRobust, runperfModel, runperfRaw, type Detector } from './detectors.js';
import { generateReport, type Injection } from './generate.js';
import { generateRerun, reportTrees, rerunSeed } from './rerun.js';
import { arg } from './args.js';

const N_NULL = arg('--reports', 400);
const N_POS = Math.max(50, Math.round(N_NULL / 2));
const SEED = arg('--seed', 20261201);
const BUILDS = arg('--builds', 5);
const SIZES = [1, 2, 3, 5, 10, 20];
const RATIO_BINS = [0, 2.7, 4, 6.7, 13, Infinity];
const FAMILY_RATIO_BINS = [0, 2, 4, 6.7, Infinity];

const detectors: Detector[] = process.argv.includes('--explore')
  ? [
      perfgateRobust(0.05, 2),
      perfgateRobust(0.05, 2, { weightedGroups: false }, ' unweighted families'),
      perfgateRobust(0.05, 2, { groups: false }, ' no family tests'),
      perfgateRobustConfirm(0.05, 2),
      perfgateRobustConfirm(0.05, 2, 0.1),
      perfgateRobustConfirm(0.05, 2, 0.25),
      perfgateRobustConfirm(0.05, 2, 0.5),
    ]
  : [
      runperfRaw(5),
      runperfModel(4, 5),
      runperfModel(4, 4),
      runperfModel(4, 8),
      perfgateRobust(0.05, 5),
      perfgateRobust(0.05, 2),
      perfgateRobust(0.01, 2),
      perfgateRobustConfirm(0.05, 5),
      perfgateRobustConfirm(0.05, 2),
      perfgateRobustConfirm(0.05, 2, 0.5),
      perfgateRobustConfirm(0.025, 2, 0.5),
    ];

interface Tally {
  nullReports: number;
  falseRed: number;
  falseRedClean: number;
  hardReports: number;
  nullChecks: number;
  falseChecks: number;
  hits: Map<number, [number, number]>;
  ratioHits: [number, number][];
  familyHits: Map<number, [number, number]>;
  /** Family shifts by shift / family CV (geometric mean of the members' CVs), in FAMILY_RATIO_BINS. */
  familyRatioHits: [number, number][];
  improveRuns: number;
  improveFailed: number;
  improveFlaggedRegression: number;
  ms: number;
  /** Per injection kind: [reports that needed a re-run, reports, PROFILE/TEST pairs re-run]. */
  reruns: Map<Injection['kind'], [number, number, number]>;
}

const tallies = new Map<string, Tally>(
  detectors.map((d) => [
    d.name,
    { nullReports: 0, falseRed: 0, falseRedClean: 0, hardReports: 0, nullChecks: 0, falseChecks: 0, hits: new Map(), ratioHits: RATIO_BINS.slice(1).map(() => [0, 0]), familyHits: new Map(), familyRatioHits: FAMILY_RATIO_BINS.slice(1).map(() => [0, 0]), improveRuns: 0, improveFailed: 0, improveFlaggedRegression: 0, ms: 0, reruns: new Map() },
  ]),
);

function runAll(seed: number, injection: Injection, score: (d: Detector, t: Tally, rep: ReturnType<typeof generateReport>, rs: ReturnType<Detector['run']>) => void): void {
  const rep = generateReport(seed, injection, { builds: BUILDS, samples: 3 });
  let trees: ReturnType<typeof reportTrees> | undefined;
  for (const d of detectors) {
    const t = tallies.get(d.name)!;
    const cost = t.reruns.get(injection.kind) ?? [0, 0, 0];
    cost[1]++;
    t.reruns.set(injection.kind, cost);
    const confirm: ConfirmSource = {
      get trees() {
        return (trees ??= reportTrees(rep));
      },
      rerun(failed: readonly FailedTest[], attempt = 1) {
        if (attempt === 1) cost[0]++;
        cost[2] += failed.length;
        return generateRerun(rep, rerunSeed(seed, attempt), failed).tree;
      },
    };
    const t0 = performance.now();
    const rs = d.run(rep.inputs, confirm);
    t.ms += performance.now() - t0;
    score(d, t, rep, rs);
  }
}

let seed = SEED;
for (let k = 0; k < N_NULL; k++) {
  runAll(seed++, { kind: 'none', size: 0 }, (d, t, _rep, rs) => {
    t.nullReports++;
    if (d.fails(rs)) t.falseRed++;
    if (_rep.hard.size > 0) t.hardReports++;
    else if (d.fails(rs)) t.falseRedClean++;
    for (const r of rs) {
      if (!r.primary || r.grouped || r.kind !== 'mean' || _rep.hard.has(r.id)) continue;
      t.nullChecks++;
      if (d.flagsRegression(r)) t.falseChecks++;
    }
  });
}
for (const size of SIZES) {
  for (let k = 0; k < N_POS; k++) {
    runAll(seed++, { kind: 'metric', size }, (d, t, rep, rs) => {
      const id = [...rep.regressed][0]!;
      const r = rs.find((x) => x.id === id);
      const hit = r !== undefined && d.flagsRegression(r);
      const cell = t.hits.get(size) ?? [0, 0];
      cell[0] += hit ? 1 : 0;
      cell[1]++;
      t.hits.set(size, cell);
      const spec = rep.specs.find((s) => `${s.id}.mean` === id)!;
      const ratio = -Math.log(1 - size / 100) / spec.cv;
      const bin = RATIO_BINS.findIndex((b, i) => ratio >= b && ratio < RATIO_BINS[i + 1]!);
      t.ratioHits[bin]![0] += hit ? 1 : 0;
      t.ratioHits[bin]![1]++;
    });
  }
}
for (const size of [2, 3, 5]) {
  for (let k = 0; k < Math.round(N_POS / 2); k++) {
    runAll(seed++, { kind: 'family', size }, (d, t, rep, rs) => {
      const spec = rep.specs.find((x) => x.family === rep.family)!;
      const groupId = `${spec.profile}/${spec.test}/0000:./*/throughput/${spec.metric}.mean`;
      // Grouped checks: perfgate's family test by id; run-perf's merged groups of that profile/test (any level 1/2 name).
      const ownGroup = (r: (typeof rs)[number]) => r.grouped && (r.id === groupId || (d.name.startsWith('run-perf') && r.id.startsWith(`${spec.profile}/${spec.test}/`)));
      const hit = rs.some((r) => (rep.regressed.has(r.id) && d.flagsRegression(r)) || (ownGroup(r) && (r.verdict === 'regression' || r.status === -1)));
      const cell = t.familyHits.get(size) ?? [0, 0];
      cell[0] += hit ? 1 : 0;
      cell[1]++;
      t.familyHits.set(size, cell);
      const members = rep.specs.filter((x) => x.family === rep.family);
      const famCv = Math.exp(members.reduce((a, x) => a + Math.log(x.cv), 0) / members.length);
      const ratio = -Math.log(1 - size / 100) / famCv;
      const bin = FAMILY_RATIO_BINS.findIndex((b, i) => ratio >= b && ratio < FAMILY_RATIO_BINS[i + 1]!);
      t.familyRatioHits[bin]![0] += hit ? 1 : 0;
      t.familyRatioHits[bin]![1]++;
    });
  }
}
for (let k = 0; k < N_POS; k++) {
  runAll(seed++, { kind: 'improvement', size: 10 }, (d, t, rep, rs) => {
    t.improveRuns++;
    const id = [...rep.improved][0]!;
    const r = rs.find((x) => x.id === id);
    if (r && d.flagsRegression(r)) t.improveFlaggedRegression++;
    if (r && (r.status < 0 && d.name.startsWith('run-perf') ? true : r.verdict === 'regression')) t.improveFailed++;
  });
}

const pct = (a: number, b: number): string => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)}%`);
const pad = (s: string, n: number): string => s.padEnd(n);
console.log(`perfgate detection benchmark: ${BUILDS} history builds, 3 samples/run, 54 metrics × (mean + stddev) = 108 primary checks per report, seed ${SEED}`);
console.log(`no-change reports: ${N_NULL}, of which ${tallies.get(detectors[0]!.name)!.hardReports} hold a hard negative (candidate whole-run shock or unseen bimodal mode; "clean" excludes them); single-metric regressions: ${N_POS} per size; family shifts: ${Math.round(N_POS / 2)} per size; improvements (+10 %): ${N_POS}\n`);
const head = ['detector', 'red (all)', 'red(clean)', 'FPR/check', ...SIZES.map((s) => `rec ${s}%`)];
console.log([pad(head[0]!, 36), ...head.slice(1).map((h) => pad(h, 10))].join(' '));
for (const d of detectors) {
  const t = tallies.get(d.name)!;
  const cells = [pct(t.falseRed, t.nullReports), pct(t.falseRedClean, t.nullReports - t.hardReports), pct(t.falseChecks, t.nullChecks), ...SIZES.map((s) => pct(...(t.hits.get(s) ?? [0, 0])))];
  console.log([pad(d.name, 36), ...cells.map((c) => pad(c, 10))].join(' '));
}
const confirming = detectors.filter((d) => [...tallies.get(d.name)!.reruns.values()].some((c) => c[0] > 0));
if (confirming.length > 0) {
  console.log('\nre-run cost (+confirm: share of reports that re-ran tests — failed ones, and with a screen sN suspect ones too; tests re-run per re-run, of 6):');
  for (const d of confirming) {
    const t = tallies.get(d.name)!;
    const cells = (['none', 'metric', 'family', 'improvement'] as const).map((k) => {
      const [n, of, tests] = t.reruns.get(k) ?? [0, 0, 0];
      return `${k} ${pct(n, of)} (${n > 0 ? (tests / n).toFixed(1) : '–'} tests)`;
    });
    console.log([pad(d.name, 36), cells.join(', ')].join(' '));
  }
}
console.log('\nrecall by effect / CV (single metric):');
console.log([pad('detector', 36), ...RATIO_BINS.slice(1).map((b, i) => pad(`${RATIO_BINS[i]}–${b === Infinity ? '∞' : b}`, 10))].join(' '));
for (const d of detectors) {
  const t = tallies.get(d.name)!;
  console.log([pad(d.name, 36), ...t.ratioHits.map(([h, n]) => pad(`${pct(h, n)} (${n})`, 10))].join(' '));
}
console.log('\nfamily-wide shifts by shift / family CV (geometric mean of the members\' CVs):');
console.log([pad('detector', 36), ...FAMILY_RATIO_BINS.slice(1).map((b, i) => pad(`${FAMILY_RATIO_BINS[i]}–${b === Infinity ? '∞' : b}`, 10))].join(' '));
for (const d of detectors) {
  const t = tallies.get(d.name)!;
  console.log([pad(d.name, 36), ...t.familyRatioHits.map(([h, n]) => pad(`${pct(h, n)} (${n})`, 10))].join(' '));
}
console.log('\nfamily-wide shifts (incident detected if any member or the family\'s grouped check is flagged), direction errors, time:');
console.log([pad('detector', 36), pad('fam 2%', 10), pad('fam 3%', 10), pad('fam 5%', 10), pad('+10% flagged as regression', 28), pad('+10% fails run', 16), 'ms/report'].join(' '));
for (const d of detectors) {
  const t = tallies.get(d.name)!;
  const reports = t.nullReports + [...t.hits.values()].reduce((a, c) => a + c[1], 0) + [...t.familyHits.values()].reduce((a, c) => a + c[1], 0) + t.improveRuns;
  console.log(
    [
      pad(d.name, 36),
      ...[2, 3, 5].map((s) => pad(pct(...(t.familyHits.get(s) ?? [0, 0])), 10)),
      pad(pct(t.improveFlaggedRegression, t.improveRuns), 28),
      pad(pct(t.improveFailed, t.improveRuns), 16),
      (t.ms / reports).toFixed(1),
    ].join(' '),
  );
}
