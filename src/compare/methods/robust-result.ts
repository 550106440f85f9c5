// Builds the robust method's CheckResults: verdict from the adjusted p-values and effect size, band, CI, evidence.
import type { PreparedHistory } from '../../analyze/perfgate-model/history.js';
import type { Check, CheckKind, Direction } from '../../result/types.js';
import type { CheckResult, RunperfStatusCode, ScorePart, Verdict } from '../types.js';
import { RunperfStatus } from '../types.js';
import { changeInterval, flagEdge, practical, toChange, type CheckTest } from './robust-test.js';

export const STATUS_OF: Readonly<Record<Verdict, RunperfStatusCode>> = {
  pass: RunperfStatus.PASS,
  'minor-gain': RunperfStatus.MINOR_GAIN,
  'minor-loss': RunperfStatus.MINOR_LOSS,
  improvement: RunperfStatus.FAIL_GAIN,
  regression: RunperfStatus.FAIL_LOSS,
  error: RunperfStatus.ERROR,
};

/** Compact number for messages: 3 significant digits, exponent form for tiny p-values. */
export const fmt = (x: number): string => {
  if (!Number.isFinite(x)) return String(x);
  if (x !== 0 && Math.abs(x) < 1e-3) return x.toExponential(1);
  return precise(x, 3);
};

/**
 * String(Number(x.toPrecision(digits))) for finite x, without the round trip through a number: a fixed-notation
 * toPrecision string only loses its trailing fractional zeros (a decimal of ≤ 17 digits is the shortest string of
 * the double nearest to it, and both notations agree for 1e-7 ≤ |x| < 1e21); the exponent form takes the long way.
 */
export function precise(x: number, digits: number): string {
  const s = x.toPrecision(digits);
  if (s.indexOf('e') >= 0) return String(Number(s));
  if (s.indexOf('.') < 0) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--; // '0'
  if (s.charCodeAt(end - 1) === 46) end--; // '.'
  return s.slice(0, end);
}
const signed = (x: number): string => (x > 0 ? '+' : '') + fmt(x);

export interface ResultBase {
  id: string;
  kind: CheckKind;
  primary: boolean;
  direction: Direction;
  src: Check | undefined;
  dst: Check | undefined;
  history: readonly (Check | undefined)[];
  /** history[j]?.value for every j, when a pass already read them (a check with a series); else baseResult reads them. */
  values?: (Check['value'] | undefined)[] | undefined;
}

/** Fields every result shares, from the checks. */
export function baseResult(b: ResultBase, tolerance: number): Omit<CheckResult, 'verdict' | 'status' | 'details' | 'evidence' | 'score' | 'parts'> {
  const check = b.dst ?? b.src;
  // without a check (grouped results), profile and test come from the id
  const parts = check ? undefined : b.id.split('/');
  const history = b.values ?? valuesOf(b.history);
  const out: Omit<CheckResult, 'verdict' | 'status' | 'details' | 'evidence' | 'score' | 'parts'> = {
    id: b.id,
    kind: b.kind,
    primary: b.primary,
    grouped: false,
    profile: check ? check.profile : (parts![0] ?? '*'),
    test: check ? check.test : (parts![1] ?? '*'),
    direction: b.direction,
    unit: check?.unit ?? '',
    src: b.src?.value,
    dst: b.dst?.value,
    history,
    tolerance,
  };
  if (check) out.params = check.params;
  return out;
}

function valuesOf(checks: readonly (Check | undefined)[]): (Check['value'] | undefined)[] {
  const values: (Check['value'] | undefined)[] = [];
  for (let j = 0; j < checks.length; j++) values.push(checks[j]?.value);
  return values;
}

/** A result that is decided without statistics (missing values, error checks). */
export function errorOrPass(b: ResultBase, tolerance: number, verdict: 'error' | 'pass', details: string, evidence: string[]): CheckResult {
  return Object.assign(baseResult(b, tolerance), { verdict, status: STATUS_OF[verdict], score: verdict === 'error' ? -100 : 0, parts: [], details, evidence });
}

export interface StatInput {
  base: ResultBase;
  prep: PreparedHistory;
  test: CheckTest;
  tolerance: number;
  alpha: number;
  /** Multiplicity-adjusted p of the worse direction (Holm for primary checks, BH for the rest) and of the better one. */
  adjWorse: number;
  adjBetter: number;
  /** Per-test level at which the adjustment procedure stopped (for the band). */
  levelWorse: number;
  levelBetter: number;
  evidence: string[];
  /** Name of the adjustment, e.g. `Holm over 96 primary checks`. */
  adjustment: string;
  /** Report-only checks (within-run stddev): tested and listed, never a regression or improvement. */
  reportOnly?: boolean;
  /**
   * Per-check p threshold of the two-stage confirmation's screen (gated checks only: the budget over K): a check
   * that is not a regression is `suspect` when its p of a worse change is at most this and the change is not shown
   * below the tolerance.
   */
  screen?: number;
}

/** A robust result: a CheckResult that may carry the confirmation screen's `suspect` mark (written to the JSON report). */
export type ScreenedResult = CheckResult;

/** The verdict, band and explanation of a statistically tested check. */
export function statResult(s: StatInput): ScreenedResult {
  const { prep, test, base, alpha } = s;
  const kind = base.kind;
  const unit = kind === 'stddev' ? ' pts' : '%';
  const e = test.g === 0 ? Math.abs(test.d) : -test.g * test.d;
  const worse = s.adjWorse <= alpha && practical(test, Math.max(e, 0), test.tauWorse) && e > 0;
  const better = test.g !== 0 && s.adjBetter <= alpha && e < 0 && practical(test, -e, test.tauBetter);
  const change = toChange(prep, kind, test.d);
  let verdict: Verdict;
  if (worse) verdict = s.reportOnly ? 'minor-loss' : 'regression';
  else if (better) verdict = s.reportOnly ? 'minor-gain' : 'improvement';
  else if (test.g === 0 ? test.pWorse <= alpha || Math.abs(change ?? 0) > s.tolerance / 2 : e > 0 && (test.pWorse <= alpha || Math.abs(change ?? 0) > s.tolerance / 2))
    verdict = 'minor-loss';
  else if (test.g !== 0 && e < 0 && (test.pBetter <= alpha || Math.abs(change ?? 0) > s.tolerance / 2)) verdict = 'minor-gain';
  else verdict = 'pass';

  const twoSided = test.g === 0;
  const edgeW = flagEdge(test, s.levelWorse, test.tauWorse, twoSided);
  const edgeB = twoSided ? flagEdge(test, s.levelWorse, test.tauBetter, true) : flagEdge(test, s.levelBetter, test.tauBetter, false);
  // Band in the reported unit: worse side for higher-is-better is a fall.
  const lowD = test.g === -1 ? -edgeB : -edgeW;
  const highD = test.g === -1 ? edgeW : test.g === 1 ? edgeB : edgeW;
  const lo = toChange(prep, kind, test.g === 0 ? -flagEdge(test, s.levelWorse, test.tauBetter, true) : lowD);
  const hi = toChange(prep, kind, highD);
  const ci = changeInterval(prep, kind, test);
  const t = test.se > 0 ? test.d / test.se : test.d === 0 ? 0 : Math.sign(test.d) * Infinity;
  const score = test.g === 0 ? t : test.g * t;
  const rawVsSrc = typeof base.src?.value === 'number' && typeof base.dst?.value === 'number' ? rawChange(kind, base.src.value, base.dst.value) : undefined;
  const parts: ScorePart[] = [];
  if (change !== undefined) parts.push({ name: 'history', diff: change, weight: 1 });
  if (rawVsSrc !== undefined) parts.push({ name: 'raw', diff: rawVsSrc, weight: 0 });

  const dirText = test.g === 0 ? 'direction unknown, two-sided' : `${base.direction} is better`;
  const chText = change === undefined ? `Δ ${signed(test.d)} (zero centre)` : `${signed(change)}${unit}`;
  const ciText = ci ? ` (95% CI ${signed(ci[0])}…${signed(ci[1])}${unit})` : '';
  const bandText = lo !== undefined && hi !== undefined ? `; band ${signed(lo)}…${signed(hi)}${unit}` : '';
  const pText = `p=${fmt(test.g === 0 ? test.pWorse : e >= 0 ? test.pWorse : test.pBetter)}, adjusted ${fmt(e >= 0 || test.g === 0 ? s.adjWorse : s.adjBetter)} (α=${alpha})`;
  const why =
    s.reportOnly && (worse || better)
      ? 'significant change of the within-run noise (reported, not gated: a variance-only change is not a regression)'
      : verdict === 'regression'
      ? 'significant and not below the minimum effect'
      : verdict === 'improvement'
        ? 'significant improvement'
        : (e > 0 ? s.adjWorse : s.adjBetter) <= alpha
          ? `significant but shown below the ${s.tolerance}${unit} minimum effect`
          : verdict === 'pass'
            ? 'within noise'
            : 'not significant after adjustment (inconclusive; a confirmation run would decide)';
  const v6 = (x: number) => precise(x, 6);
  const dstText = typeof base.dst?.value === 'number' ? `${v6(base.dst.value)}${base.dst.unit ? ` ${base.dst.unit}` : ''}` : '';
  const srcText = typeof base.src?.value === 'number' ? `; source ${v6(base.src.value)}` : '';
  const details = `${chText}${ciText}: ${dstText} vs history centre ${v6(centreValue(prep))} over ${prep.n} build(s)${srcText}; ${dirText}${bandText}; ${pText}; ${why}`;
  const suspect = !worse && !s.reportOnly && s.screen !== undefined && s.screen > 0 && e > 0 && test.pWorse <= s.screen && practical(test, e, test.tauWorse);
  // Object.assign, not a spread followed by more fields: the same fields in the same order, and (Node 20) about ten
  // times cheaper per result while the code is still cold, which it is for a single report.
  const result: ScreenedResult = Object.assign(baseResult(base, s.tolerance), {
    score,
    parts,
    pValue: e >= 0 || test.g === 0 ? test.pWorse : test.pBetter,
    adjustedPValue: e >= 0 || test.g === 0 ? s.adjWorse : s.adjBetter,
    verdict,
    status: STATUS_OF[verdict],
    details,
    evidence: [...s.evidence, s.adjustment],
  });
  if (change !== undefined) result.change = change;
  if (suspect) result.suspect = true;
  if (ci) result.changeCi = ci;
  if (lo !== undefined && hi !== undefined) result.band = [lo, hi];
  return result;
}

/** The history centre in the metric's units. */
export function centreValue(prep: PreparedHistory): number {
  return prep.scale === 'log' ? Math.exp(prep.center) : prep.center;
}

/** Change of dst vs the source alone (informational): % for means (0 for a zero source), points for stddev. */
export function rawChange(kind: CheckKind, src: number, dst: number): number {
  if (kind === 'stddev') return dst - src;
  return src === 0 ? 0 : ((dst - src) / Math.abs(src)) * 100;
}
