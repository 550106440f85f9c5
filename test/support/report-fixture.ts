// Builds realistic, deterministic ComparisonReport objects (builds × checks, verdict mix, metadata) for report tests.
import type { CheckKind, Direction } from '../../src/result/types.js';
import { exitCodeOf, summarize } from '../../src/compare/summary.js';
import type { BuildInfo, CheckResult, ComparisonReport, RunperfStatusCode, Verdict } from '../../src/compare/types.js';
import { createRng } from '../../src/analyze/stats/prng.js';

export interface ReportFixtureOptions {
  /** Builds including source and destination (>= 2). */
  builds?: number;
  /** Approximate number of checks per build (mean + stddev of every metric, plus errors and groups). */
  checks?: number;
  seed?: number;
  /** Fraction of primary metrics whose destination is moved out of the band (half worse, half better). */
  shiftRate?: number;
  /** Put HTML/JS injection payloads into ids, names, metadata, details, warnings and units. */
  hostile?: boolean;
  /** Tolerance in % (the band is ±tolerance). */
  tolerance?: number;
}

/** Payloads the hostile fixture spreads over every text field. */
export const HOSTILE = {
  script: '<script>alert(1)</script>',
  img: `"'><img src=x onerror=alert(2)>`,
  close: '</script><script>alert(3)</script>',
  comment: '<!--<script>alert(4)</script>-->',
  separator: 'line\u2028separator\u2029para',
  /** Control characters a terminal would act on (ESC [2J clears the screen); shown as \xNN everywhere. */
  control: 'ctl\u0001\u001b[2J',
} as const;

/** The project's seeded mulberry32, as a plain uniform draw. */
const rng = (seed: number): (() => number) => createRng(seed).next;

interface Metric {
  profile: string;
  test: string;
  iteration: string;
  workflow: string;
  metric: string;
  unit: string;
  direction: Direction;
  primary: boolean;
  base: number;
}

const STATUS: Readonly<Record<Verdict, RunperfStatusCode>> = {
  pass: 0,
  'minor-gain': 1,
  'minor-loss': 2,
  improvement: -3,
  regression: -1,
  error: -2,
};

function metrics(count: number, hostile: boolean, rand: () => number): Metric[] {
  const profiles = ['Localhost', 'TunedLibvirt', 'DefaultLibvirt', 'Overcommit1_5'];
  const tests = ['fio', 'uperf'];
  if (hostile) {
    profiles[1] = HOSTILE.script;
    tests.push(HOSTILE.img);
  }
  const out: Metric[] = [];
  for (let n = 0; out.length * 2 < count; n++) {
    const profile = profiles[n % profiles.length] ?? 'Localhost';
    const test = tests[Math.floor(n / profiles.length) % tests.length] ?? 'fio';
    const k = Math.floor(n / (profiles.length * tests.length));
    const ops = ['read', 'write', 'randread', 'randwrite'];
    const iteration = hostile && n === 3 ? HOSTILE.close : hostile && n === 4 ? HOSTILE.control : `${ops[k % 4]}-${4 << (Math.floor(k / 4) % 5)}KiB-${Math.floor(k / 20)}`;
    const tput = test === 'uperf' ? { metric: 'Gb_sec', unit: 'Gb_sec' } : { metric: 'iops_sec', unit: 'iops' };
    out.push({ profile, test, iteration, workflow: 'throughput', metric: tput.metric, unit: hostile && n === 5 ? HOSTILE.img : tput.unit, direction: 'higher', primary: true, base: 1000 + rand() * 200000 });
    out.push({ profile, test, iteration, workflow: 'latency', metric: 'clat', unit: 'usec', direction: 'lower', primary: false, base: 50 + rand() * 5000 });
  }
  return out;
}

function classify(change: number, direction: Direction, tol: number): Verdict {
  const better = direction === 'lower' ? -change : change;
  if (Math.abs(change) > tol) return direction === 'unknown' ? 'regression' : better > 0 ? 'improvement' : 'regression';
  if (Math.abs(change) > tol / 2) return better > 0 ? 'minor-gain' : 'minor-loss';
  return 'pass';
}

function result(m: Metric, kind: CheckKind, id: string, src: number, dst: number, history: number[], tol: number, rand: () => number, hostile: boolean): CheckResult {
  const change = kind === 'mean' ? ((dst - src) / Math.abs(src)) * 100 : src - dst;
  const direction: Direction = kind === 'stddev' ? 'lower' : m.direction;
  const verdict = classify(kind === 'stddev' ? -change : change, direction, tol);
  const half = 0.5 + rand() * 2;
  const details = `${verdict === 'regression' ? 'SMALL' : 'GOOD'} raw ${change.toFixed(2)}% (${src.toFixed(2)}; ${dst}) +-${tol}% tolerance${hostile && rand() < 0.3 ? ` ${HOSTILE.img} ${HOSTILE.comment} ${HOSTILE.separator}` : ''}`;
  return {
    id,
    kind,
    primary: m.primary,
    grouped: false,
    profile: m.profile,
    test: m.test,
    direction,
    unit: kind === 'stddev' ? '%' : m.unit,
    src,
    dst,
    history,
    change,
    changeCi: [change - half, change + half],
    band: [-tol, tol],
    score: change,
    tolerance: tol,
    parts: [{ name: 'raw', diff: change, weight: 1 }],
    pValue: Math.min(1, rand() ** 2),
    adjustedPValue: Math.min(1, rand()),
    verdict,
    status: STATUS[verdict],
    details,
    evidence: ['raw', `history n=${history.length}`],
    modelBand: [tol * 0.8, -tol * 0.8],
    params: { '0': `bs:4k\nrw:${m.iteration}${hostile ? `\nnote:${HOSTILE.script}` : ''}`, user0: `profile: ${m.profile}` },
  };
}

function errorResult(profile: string, test: string, text: string, srcText: string): CheckResult {
  return {
    id: `${profile}/${test}/0000:./ERROR/ERROR/ERROR.error`,
    kind: 'error',
    primary: true,
    grouped: false,
    profile,
    test,
    direction: 'unknown',
    unit: '',
    src: srcText,
    dst: text,
    history: [],
    score: -100,
    tolerance: 0,
    parts: [],
    verdict: 'error',
    status: -2,
    details: `ERROR ${text}`,
    evidence: ['error record'],
  };
}

function groupResult(members: readonly CheckResult[], tol: number): CheckResult | undefined {
  const first = members[0];
  if (!first) return undefined;
  const value = members.reduce((s, r) => s + r.score, 0) / members.length;
  const gtol = tol / 2;
  const verdict = classify(value, 'higher', gtol);
  return {
    id: `${first.profile}/*/*:./*-*/*/*.mean`,
    kind: 'mean',
    primary: true,
    grouped: true,
    profile: first.profile,
    test: '*',
    direction: 'higher',
    unit: '%',
    src: value,
    dst: value,
    history: [],
    change: value,
    band: [-gtol, gtol],
    score: value,
    tolerance: gtol,
    parts: [{ name: 'mean of members', diff: value, weight: 1 }],
    verdict,
    status: STATUS[verdict],
    details: `group of ${members.length}: mean score ${value.toFixed(2)} +-${gtol}% tolerance`,
    evidence: [`members n=${members.length}`],
  };
}

function metadata(i: number, n: number, hostile: boolean): Record<string, string> {
  const kernel = i === n - 1 ? '6.8.0-41' : '6.8.0-40';
  const env = [{ general: `Name:host1\nDistro:Fedora-40`, kernel: `Linux FILTERED x86_64\nmitigations=${i % 2 ? 'off' : 'auto'} quiet`, rpm: Array.from({ length: 40 }, (_, k) => `pkg${k}-1.${k === 7 ? i : 0}.x86_64`).join('\n') }];
  const m: Record<string, string> = {
    build: `${100 + i}\n`,
    url: hostile && i === n - 1 ? 'javascript:alert(5)' : `https://ci.example.com/job/nightly/${100 + i}/`,
    distro: `Fedora-40 kernel ${kernel}\n`,
    guest_distro: 'DISTRO\n',
    runperf_version: '0.1.0\n',
    runperf_cmd: `run-perf --hosts host1 --profiles Localhost -- fio\n`,
    machine: '192.0.2.10\n',
    machine_url: '192.0.2.10',
    environment_world: JSON.stringify(env),
    kernel_raw: `Linux ${kernel} x86_64`,
  };
  if (i === n - 1) m.extra_key = 'only in the destination\n';
  if (hostile) {
    m[HOSTILE.script] = `${HOSTILE.img}\n`;
    m.build = `${HOSTILE.close}${i}\n`;
    m.machine = `${HOSTILE.comment}\n`;
  }
  return m;
}

/** A ComparisonReport of `builds` builds with about `checks` checks each, deterministic for a seed. */
export function makeReport(opts: ReportFixtureOptions = {}): ComparisonReport {
  const nBuilds = Math.max(2, opts.builds ?? 4);
  const hostile = opts.hostile ?? false;
  const tol = opts.tolerance ?? 5;
  const shift = opts.shiftRate ?? 0.06;
  const rand = rng(opts.seed ?? 42);
  const ms = metrics(Math.max(8, (opts.checks ?? 200) - 8), hostile, rand);
  // values[b][metricIndex] = [mean, stddev%]
  const values = Array.from({ length: nBuilds }, () => [] as [number, number][]);
  ms.forEach((m, k) => {
    const moved = rand() < shift ? (rand() < 0.5 ? -1 : 1) * (tol * 1.5 + rand() * 20) : 0;
    for (let b = 0; b < nBuilds; b++) {
      const noise = (rand() - 0.5) * tol * 1.3;
      const pctChange = b === 0 ? 0 : noise + (b === nBuilds - 1 ? moved : 0);
      values[b]![k] = [Number((m.base * (1 + pctChange / 100)).toFixed(3)), Number((1 + rand() * 3).toFixed(2))];
    }
  });
  const ids = ms.map((m) => `${m.profile}/${m.test}/0000:./${m.iteration}/${m.workflow}/${m.metric}`);
  const buildInfos: BuildInfo[] = [];
  for (let b = 0; b < nBuilds; b++) {
    const role: BuildInfo['role'] = b === 0 ? 'source' : b === nBuilds - 1 ? 'destination' : 'reference';
    const results: CheckResult[] = [];
    if (b > 0) {
      ms.forEach((m, k) => {
        const [srcMean, srcStd] = values[0]![k]!;
        const [mean, std] = values[b]![k]!;
        const hist = (j: number) => values.slice(1, nBuilds - 1).map((v) => v[k]![j]!);
        results.push(result(m, 'mean', `${ids[k]}.mean`, srcMean, mean, b === nBuilds - 1 ? hist(0) : [], tol, rand, hostile));
        results.push(result(m, 'stddev', `${ids[k]}.stddev`, srcStd, std, b === nBuilds - 1 ? hist(1) : [], tol, rand, hostile));
      });
      if (b === nBuilds - 1) {
        const p = ms[0]?.profile ?? 'Localhost';
        results.push(errorResult(p, 'fio', hostile ? `Traceback: ${HOSTILE.script}` : 'fio exited 1: No space left on device', '<no error>'));
        for (const prof of new Set(ms.map((m) => m.profile))) {
          const g = groupResult(results.filter((r) => r.profile === prof && r.primary && r.kind === 'mean' && !r.grouped), tol);
          if (g) results.push(g);
        }
      }
      results.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    }
    buildInfos.push({
      name: hostile && b === 0 ? `src${HOSTILE.img}` : `build-${100 + b}`,
      path: `/results/build-${100 + b}`,
      role,
      metadata: metadata(b, nBuilds, hostile),
      incomplete: false,
      results,
    });
  }
  const dst = buildInfos[nBuilds - 1]!;
  const policy = { compat: false, failOnImprovement: false };
  const summary = summarize(dst.results, policy);
  return {
    schemaVersion: 1,
    tool: 'perfgate',
    version: '0.1.0',
    mode: 'perfgate',
    method: 'tolerance',
    createdAt: '2026-12-01T00:00:00.000Z',
    options: { tolerance: tol },
    builds: buildInfos,
    summary,
    exitCode: exitCodeOf(dst.results, policy),
    warnings: hostile ? [`unreadable file ${HOSTILE.script}`, HOSTILE.separator] : ['Localhost/fio/tmp1234: incomplete result ignored'],
  };
}
