// The `tolerance` decision method: run-perf's tolerance/model/modifier scoring, made direction-aware (perfgate default until `robust`).
import { pyFixed } from '../../analyze/py-format.js';
import type { CheckKind, Direction } from '../../result/types.js';
import { createScoringMethod } from '../scoring/method.js';
import type { Classified, GroupKey, ScoringPolicy } from '../scoring/policy.js';
import type { ScoreRecord } from '../scoring/record.js';
import { recordTexts } from '../scoring/record.js';
import type { DecisionMethod } from '../types.js';
import { RunperfStatus } from '../types.js';
import type { MethodOptions } from './options.js';

/** A value for messages: 6 significant digits (`169245.372881356` → `169245`), the raw text otherwise. */
const short = (v: number | string | undefined, text: string): string => (typeof v === 'number' && Number.isFinite(v) ? String(Number(v.toPrecision(6))) : text);

/** A signed number for messages: `+3.21`, `-7.89`. */
const signed = (x: number) => (x > 0 ? '+' : '') + pyFixed(x, 2);

/**
 * Direction-aware classes. Scores are signed "up" (positive = the value rose); `goodness` flips them for
 * lower-is-better metrics. |goodness| ≤ T/2 passes; up to T is a minor gain/loss; beyond T is an
 * improvement or a regression. Unknown directions are two-sided: beyond T either way is a regression.
 * Error checks (tolerance 0) pass only when the exception text is unchanged.
 */
export function classifyDirectional(score: number, tolerance: number, kind: CheckKind, direction: Direction): Classified {
  if (kind === 'error') return score === 0 ? { status: RunperfStatus.PASS, verdict: 'pass' } : { status: RunperfStatus.ERROR, verdict: 'error' };
  if (direction === 'unknown') {
    const a = Math.abs(score);
    if (a > tolerance) return { status: RunperfStatus.FAIL_LOSS, verdict: 'regression' };
    if (a > tolerance / 2) return { status: RunperfStatus.MINOR_LOSS, verdict: 'minor-loss' };
    return { status: RunperfStatus.PASS, verdict: 'pass' };
  }
  const g = direction === 'lower' ? -score : score;
  if (g > tolerance) return { status: RunperfStatus.FAIL_GAIN, verdict: 'improvement' };
  if (g < -tolerance) return { status: RunperfStatus.FAIL_LOSS, verdict: 'regression' };
  if (g > tolerance / 2) return { status: RunperfStatus.MINOR_GAIN, verdict: 'minor-gain' };
  if (g < -tolerance / 2) return { status: RunperfStatus.MINOR_LOSS, verdict: 'minor-loss' };
  return { status: RunperfStatus.PASS, verdict: 'pass' };
}

/** e.g. `throughput fell -7.89% (183743.17 → 169245.37; higher is better); score -7.89 beyond ±5; raw -7.89`. */
function details(rec: ScoreRecord): string {
  if (rec.errors.length > 0) return rec.errors.join('; ');
  const unit = rec.kind === 'mean' ? '%' : rec.kind === 'stddev' ? ' stddev-% points' : '';
  const where = Math.abs(rec.score) <= rec.tolerance ? 'within' : 'beyond';
  const raw = rec.parts.find((p) => p.name === 'raw');
  const texts = recordTexts(rec);
  const better = rec.direction === 'unknown' ? 'direction unknown' : `${rec.direction} is better`;
  const head = rec.grouped
    ? `group mean score ${signed(rec.score)} over ${rec.members?.length ?? 0} checks (goodness: positive is better)`
    : rec.kind === 'error'
      ? rec.score === 0
        ? 'same failure as in the source'
        : 'the failure text differs from the source'
      : `change ${signed(raw?.diff ?? rec.score)}${unit} (${short(rec.srcValue, texts.src)} → ${short(rec.dstValue, texts.dst)}; ${better})`;
  const evidence = rec.parts.map((p) => `${p.name} ${signed(p.diff)}${p.weight === 0 ? ' (info)' : p.weight === 1 ? '' : ` (w=${pyFixed(p.weight, 2)})`}`);
  return `${head}; score ${signed(rec.score)} ${where} ±${rec.toleranceText}; ${evidence.join(', ')}`;
}

export function createTolerancePolicy(options: MethodOptions): ScoringPolicy {
  return {
    name: 'tolerance',
    rawDiff(kind, src, dst) {
      if (kind === 'error') return src === dst ? 0 : 1;
      const s = Number(src);
      const d = Number(dst);
      if (kind === 'stddev') return d - s;
      if (s === 0) return d === 0 ? 0 : Math.sign(d) * 100;
      return ((d - s) / Math.abs(s)) * 100;
    },
    mrawDiff(kind, raw, _src, dst) {
      if (kind === 'stddev') return dst - raw;
      return raw === 0 ? 0 : ((dst - raw) / Math.abs(raw)) * 100;
    },
    classify: classifyDirectional,
    failed: (rec) => rec.verdict === 'regression' || rec.verdict === 'error' || (options.failOnImprovement && rec.verdict === 'improvement'),
    groupValue(rec) {
      if (!rec.primary || rec.kind !== 'mean' || rec.verdict === 'error' || rec.direction === 'unknown') return undefined;
      return rec.direction === 'lower' ? -rec.score : rec.score;
    },
    groupKeys(_rec, c): GroupKey[] {
      const dash = c.iteration.indexOf('-');
      const name = dash < 0 ? c.iteration : c.iteration.slice(0, dash);
      return [
        { level: 1, name: `${c.profile}/${c.test}/${c.serial}:./${name}-*/${c.workflow}/${c.metric}.mean` },
        { level: 2, name: `*/${c.test}/${c.serial}:./${name}-*/${c.workflow}/${c.metric}.mean` },
        { level: 3, name: `${c.profile}/*/*:./*-*/*/*.mean` },
      ];
    },
    keepSourcePrimary: true,
    groupDirection: 'higher',
    details,
    tolerance(kind, opts) {
      if (kind === 'mean') return { value: opts.tolerance, text: String(opts.tolerance) };
      if (kind === 'stddev') return { value: opts.stddevTolerance, text: String(opts.stddevTolerance) };
      return { value: 0, text: '0' };
    },
  };
}

/** perfgate's default until the statistical method lands: tolerance/models/modifiers, judged by direction. */
export function createToleranceMethod(options: MethodOptions): DecisionMethod {
  return createScoringMethod('tolerance', createTolerancePolicy(options), options);
}
