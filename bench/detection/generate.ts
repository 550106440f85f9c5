// Seeded generator of run-perf-layout nightly histories (checks with ids, samples, stddev %) with realistic noise and injected changes.
import { createRng, type Rng } from '../../src/analyze/stats/prng.js';
import type { DecisionInput } from '../../src/compare/types.js';
import type { Check } from '../../src/result/types.js';

/** Noise class of one metric (log-scale run-to-run model). */
export type NoiseClass = 'gaussian' | 'heavy' | 'bimodal';

export interface MetricSpec {
  id: string;
  profile: string;
  test: string;
  iteration: string;
  family: string;
  metric: string;
  /** Run-to-run CV (σ of ln value). */
  cv: number;
  noise: NoiseClass;
  level: number;
}

/** One injected change in the candidate (a fall of `size` % in throughput), or none. */
export interface Injection {
  kind: 'none' | 'metric' | 'family' | 'improvement';
  size: number;
}

export interface GeneratedReport {
  inputs: DecisionInput[];
  specs: MetricSpec[];
  /** Ids of mean checks whose candidate really changed (worse), and of those improved. */
  regressed: Set<string>;
  improved: Set<string>;
  /** Family of the incident, for family injections. */
  family?: string;
  /**
   * Hard negatives: unchanged metrics whose candidate took a whole-run shock or landed in a bimodal mode
   * absent from the history; no single-run detector can tell these from a regression (statistics.md §5.5).
   */
  hard: Set<string>;
  /**
   * The candidate's true state per metric id (without `.mean`): ln of its level with the accepted step and the
   * injection, before any run noise. A re-run (rerun.ts) draws fresh noise around it.
   */
  truth: Map<string, number>;
}

export interface GeneratorOptions {
  /** History builds (source + references). @default 5 */
  builds: number;
  /** Within-run samples per run. @default 3 */
  samples: number;
}

const PROFILES = ['Localhost', 'TunedLibvirt', 'DefaultLibvirt'];
const FIO = ['read-4KiB', 'read-64KiB', 'read-1024KiB', 'write-4KiB', 'write-64KiB', 'write-1024KiB', 'randrw-4KiB', 'randrw-64KiB', 'randrw-1024KiB'];
const UPERF = ['tcp_stream-64B-1i', 'tcp_stream-1024B-1i', 'tcp_stream-16384B-1i', 'tcp_stream-64B-8i', 'tcp_stream-1024B-8i', 'tcp_stream-16384B-8i', 'tcp_rr-64B-1i', 'tcp_rr-1024B-1i', 'tcp_rr-16384B-1i'];
/** Family CVs (σ of ln) per test: fio is quiet, uperf noisier. Member CVs scatter ×e^{N(0, 0.25)} around them. */
const FAMILY_CV: Readonly<Record<string, number>> = { fio: 0.0075, uperf: 0.015 };

/** The metric layout of one report: 3 profiles × (fio + uperf) × 9 iterations = 54 metrics, 108 primary checks (mean + stddev). */
export function layout(rng: Rng): MetricSpec[] {
  const specs: MetricSpec[] = [];
  for (const profile of PROFILES) {
    for (const [test, its, metric] of [
      ['fio', FIO, 'iops_sec'],
      ['uperf', UPERF, 'Gb_sec'],
    ] as const) {
      const famCv = FAMILY_CV[test]! * (profile === 'DefaultLibvirt' ? 2 : 1);
      its.forEach((iteration, i) => {
        const u = rng.next();
        const bimodal = i === 7 && (test === 'uperf' ? profile !== 'Localhost' : profile === 'DefaultLibvirt');
        const noise: NoiseClass = bimodal ? 'bimodal' : i === 4 || u < 0.05 ? 'heavy' : 'gaussian';
        specs.push({
          id: `${profile}/${test}/0000:./${iteration}/throughput/${metric}`,
          profile,
          test,
          iteration,
          family: `${profile}/${test}`,
          metric,
          cv: famCv * Math.exp(0.25 * rng.normal()),
          noise,
          level: 1000 * (1 + i),
        });
      });
    }
  }
  return specs;
}

export interface RunEffect {
  x: number;
  /** The whole run took a one-sided shock (indistinguishable from a regression in one run). */
  runShock: boolean;
  /** One sample of the run took a shock (visible in the within-run stddev). */
  sampleShock: number;
  /** The run is in the minor mode of a bimodal metric. */
  minorMode: boolean;
}

/**
 * The ln-scale run effect of a noise class. Heavy-tailed: 5 % of runs have one sample dropping 10–30 %
 * (a noisy neighbour for part of the run), 1 % of runs drop 10–30 % as a whole. Bimodal: persistent
 * modes, 20 % of runs −8 %.
 */
export function runEffect(spec: MetricSpec, rng: Rng): RunEffect {
  const out: RunEffect = { x: spec.cv * rng.normal(), runShock: false, sampleShock: 0, minorMode: false };
  if (spec.noise === 'heavy') {
    if (rng.next() < 0.05) out.sampleShock = Math.log(1 - (0.1 + 0.2 * rng.next()));
    if (rng.next() < 0.01) {
      out.runShock = true;
      out.x += Math.log(1 - (0.1 + 0.2 * rng.next()));
    }
  }
  if (spec.noise === 'bimodal' && rng.next() < 0.2) {
    out.minorMode = true;
    out.x += Math.log(0.92);
  }
  return out;
}

export function makeChecks(spec: MetricSpec, level: number, samples: number, sampleShock: number, rng: Rng): [Check, Check] {
  const within = 0.5 * spec.cv;
  const vals = Array.from({ length: samples }, (_, k) => level * Math.exp(within * rng.normal() + (k === 0 ? sampleShock : 0)));
  const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
  const sd = Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / (vals.length - 1));
  const workflow = 'throughput';
  const metric = spec.metric;
  const common = { profile: spec.profile, test: spec.test, serial: '0000', iteration: spec.iteration, workflow, metric, primary: true, valueIsInt: false, params: {}, source: '' };
  return [
    { ...common, id: `${spec.id}.mean`, kind: 'mean', value: mean, unit: metric, direction: 'higher', samples: vals },
    { ...common, id: `${spec.id}.stddev`, kind: 'stddev', value: (sd / mean) * 100, unit: '%', direction: 'lower' },
  ];
}

/**
 * One report: a history of `builds` runs and a candidate, for every metric. Shared noise: a machine-wide
 * factor per run (σ 0.3 %) and a family factor per run (σ 0.3 %). 10 % of metrics carry an earlier
 * accepted step of ±5–10 % with ≥ 2 builds after it. The injection changes the candidate only.
 */
export function generateReport(seed: number, injection: Injection, options: GeneratorOptions = { builds: 5, samples: 3 }): GeneratedReport {
  const rng = createRng(seed);
  const specs = layout(rng);
  const runs = options.builds + 1;
  const machine = Array.from({ length: runs }, () => 0.003 * rng.normal());
  const fam = new Map<string, number[]>();
  for (const s of specs) if (!fam.has(s.family)) fam.set(s.family, Array.from({ length: runs }, () => 0.003 * rng.normal()));
  const regressed = new Set<string>();
  const improved = new Set<string>();
  const hard = new Set<string>();
  const truth = new Map<string, number>();
  let family: string | undefined;
  let target: MetricSpec | undefined;
  if (injection.kind === 'metric' || injection.kind === 'improvement') target = specs[rng.int(specs.length)];
  if (injection.kind === 'family') family = specs[rng.int(specs.length)]!.family;
  const inputs: DecisionInput[] = [];
  for (const spec of specs) {
    const stepAt = rng.next() < 0.1 ? 1 + rng.int(Math.max(1, options.builds - 2)) : -1;
    const stepSize = Math.log(1 + (rng.next() < 0.5 ? -1 : 1) * (0.05 + 0.05 * rng.next()));
    const cols: [Check, Check][] = [];
    let modeSeen = false;
    for (let r = 0; r < runs; r++) {
      const eff = runEffect(spec, rng);
      if (r < runs - 1 && eff.minorMode) modeSeen = true;
      if (r === runs - 1 && (eff.runShock || (eff.minorMode && !modeSeen))) hard.add(`${spec.id}.mean`);
      let x = Math.log(spec.level) + eff.x + machine[r]! + fam.get(spec.family)![r]!;
      if (stepAt >= 0 && r >= stepAt) x += stepSize;
      if (r === runs - 1) {
        // The candidate's true level (no run noise) is kept for re-runs; no random draw here, so seeds keep their reports.
        let state = Math.log(spec.level) + (stepAt >= 0 ? stepSize : 0);
        const hit = spec === target || (family !== undefined && spec.family === family);
        if (hit && injection.kind !== 'improvement' && injection.size > 0) {
          x += Math.log(1 - injection.size / 100);
          state += Math.log(1 - injection.size / 100);
          regressed.add(`${spec.id}.mean`);
        }
        if (hit && injection.kind === 'improvement') {
          x += Math.log(1 + injection.size / 100);
          state += Math.log(1 + injection.size / 100);
          improved.add(`${spec.id}.mean`);
        }
        truth.set(spec.id, state);
      }
      cols.push(makeChecks(spec, Math.exp(x), options.samples, eff.sampleShock, rng));
    }
    for (const k of [0, 1] as const) {
      const h = cols.map((c) => c[k]);
      inputs.push({ id: h[0]!.id, src: h[0], refs: h.slice(1, options.builds), dst: h[options.builds] });
    }
  }
  return { inputs, specs, regressed, improved, family, hard, truth };
}
