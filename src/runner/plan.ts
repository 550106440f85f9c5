// The expanded run plan (profiles × tests × iterations × samples) with estimated durations, for --dry-run and the ETA.
import type { PlannedIteration } from '../plugins/types.js';
import { duration } from './progress.js';

export interface PlannedTest {
  profile: string;
  test: string;
  iterations: readonly PlannedIteration[];
}

export const sampleCount = (t: PlannedTest): number => t.iterations.reduce((a, i) => a + i.samples, 0);
export const estimatedSeconds = (t: PlannedTest): number => t.iterations.reduce((a, i) => a + i.samples * i.estimatedSampleSeconds, 0);

/** Human-readable plan. */
export function formatPlan(plan: readonly PlannedTest[], output: string): string {
  const lines = [`run-perf plan for ${output}:`];
  for (const t of plan) {
    lines.push(`  ${t.profile}/${t.test}: ${t.iterations.length} iteration(s), ${sampleCount(t)} sample(s), ~${duration(estimatedSeconds(t))}`);
    for (const it of t.iterations) {
      lines.push(`    ${it.name}: ${it.samples} × ~${duration(it.estimatedSampleSeconds)}  ${JSON.stringify(it.params)}`);
    }
  }
  const total = plan.reduce((a, t) => a + estimatedSeconds(t), 0);
  const samples = plan.reduce((a, t) => a + sampleCount(t), 0);
  lines.push(`total: ${plan.length} test run(s), ${samples} sample(s), estimated ${duration(total)} (without retries and setup)`);
  return lines.join('\n') + '\n';
}
