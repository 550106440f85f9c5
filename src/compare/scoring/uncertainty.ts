// Weight of run-perf's modifiers over a number of builds, using analyze-perf's uncertainty table u(n).
import { uncertainty } from '../../analyze/runperf-model/uncertainty.js';

export { uncertainty };

/** Weight of a modifier seen over `count` builds: W / u(count) while count < 8, then W (spec §4.2). */
export function modifierWeight(weight: number, count: number): number {
  return count < 8 ? weight / uncertainty(count) : weight;
}
