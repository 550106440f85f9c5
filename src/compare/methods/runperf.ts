// The `runperf` decision method: run-perf's exact scoring, statuses and quirks (spec §4), for --compat runperf.
import { pyFloatRepr } from '../../analyze/py-format.js';
import type { CheckKind } from '../../result/types.js';
import type { GroupKey, ScoringPolicy } from '../scoring/policy.js';
import { runperfDetails } from '../scoring/runperf-details.js';
import { createScoringMethod } from '../scoring/method.js';
import type { DecisionMethod, RunperfStatusCode, Verdict } from '../types.js';
import { RunperfStatus } from '../types.js';
import type { MethodOptions } from './options.js';

/** run-perf's id grammar (spec §4.3); a metric containing `.` splits at its first dot (quirk 18). */
const ID_RE = /^([^/]+)\/([^/]+)\/([^:]+):\.\/([^/]+)\/([^/]+)\/([^.]+)\.(.+)/;

const VERDICT: Readonly<Record<number, Verdict>> = {
  [RunperfStatus.PASS]: 'pass',
  [RunperfStatus.MINOR_GAIN]: 'minor-gain',
  [RunperfStatus.MINOR_LOSS]: 'minor-loss',
  [RunperfStatus.FAIL_LOSS]: 'regression',
  [RunperfStatus.FAIL_GAIN]: 'improvement',
  [RunperfStatus.ERROR]: 'error',
};

/**
 * Status from score and tolerance T, exactly as run-perf: |score| ≤ T gives MINOR_GAIN above T/2,
 * MINOR_LOSS below T/2 (quirk 16: not −T/2) and PASS only at exactly T/2; beyond T, FAIL_GAIN or FAIL_LOSS.
 */
export function runperfStatus(score: number, tolerance: number): RunperfStatusCode {
  if (Math.abs(score) <= tolerance) {
    if (score > tolerance / 2) return RunperfStatus.MINOR_GAIN;
    if (score < tolerance / 2) return RunperfStatus.MINOR_LOSS;
    return RunperfStatus.PASS;
  }
  return score > tolerance ? RunperfStatus.FAIL_GAIN : RunperfStatus.FAIL_LOSS;
}

function printTolerance(value: number, given: boolean | undefined): string {
  return given || !Number.isInteger(value) ? pyFloatRepr(value) : String(value);
}

export const runperfPolicy: ScoringPolicy = {
  name: 'runperf',
  rawDiff(kind: CheckKind, src, dst) {
    if (kind === 'mean') {
      const s = Number(src);
      return s === 0 ? 0 : ((Number(dst) - s) / Math.abs(s)) * 100;
    }
    if (kind === 'stddev') return Number(src) - Number(dst);
    return src === dst ? 0 : 1;
  },
  mrawDiff(kind, raw, src, dst) {
    if (kind === 'mean') return src === 0 ? 0 : ((dst - raw) / Math.abs(raw)) * 100;
    return raw - dst;
  },
  classify(score, tolerance) {
    const status = runperfStatus(score, tolerance);
    return { status, verdict: VERDICT[status] ?? 'error' };
  },
  failed: (rec) => rec.status < 0,
  groupValue(rec) {
    if (!rec.primary || rec.status === RunperfStatus.ERROR || rec.id.endsWith('.stddev')) return undefined;
    return ID_RE.test(rec.id) ? rec.score : undefined;
  },
  groupKeys(rec): GroupKey[] {
    const m = ID_RE.exec(rec.id);
    if (!m) return [];
    const [, p, t, s, iteration = '', w, metric, check] = m;
    const dash = iteration.indexOf('-');
    const name = dash < 0 ? iteration : iteration.slice(0, dash);
    return [
      { level: 1, name: `${p}/${t}/${s}:./${name}-*/${w}/${metric}.${check}` },
      { level: 2, name: `*/${t}/${s}:./${name}-*/${w}/${metric}.${check}` },
      { level: 3, name: `${p}/*/*:./*-*/*/*.${check}` },
    ];
  },
  keepSourcePrimary: false,
  groupDirection: 'unknown',
  details: runperfDetails,
  tolerance(kind, options: MethodOptions) {
    if (kind === 'mean') return { value: options.tolerance, text: printTolerance(options.tolerance, options.toleranceGiven) };
    if (kind === 'stddev') return { value: options.stddevTolerance, text: printTolerance(options.stddevTolerance, options.stddevToleranceGiven) };
    return { value: 0, text: '0' };
  },
};

/**
 * run-perf's verdicts bit for bit: failures are any status < 0, including FAIL_GAIN (an improvement). Outside
 * `--compat runperf` (`--method runperf` in perfgate mode) a check the source marks primary stays primary, as in
 * every perfgate-mode method.
 */
export function createRunperfMethod(options: MethodOptions): DecisionMethod {
  return createScoringMethod('runperf', options.compat ? runperfPolicy : { ...runperfPolicy, keepSourcePrimary: true }, options);
}
