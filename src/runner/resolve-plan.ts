// Resolves profile and test specs through the registry into the run plan; every bad name or parameter is reported at once.
import { ConfigError, isPerfgateError } from '../errors.js';
import type { Registry } from '../plugins/registry.js';
import type { PluginContext, Profile, Workload } from '../plugins/types.js';
import type { ItemSpec } from './item-spec.js';
import { dirName, workloadParams } from './item-spec.js';
import type { PlannedTest } from './plan.js';
import { testKey } from './state.js';

export interface ResolvedTest extends PlannedTest {
  key: string;
  params: Readonly<Record<string, unknown>>;
  create: () => Promise<Workload>;
}

export interface ResolvedProfile {
  dir: string;
  create: () => Promise<Profile>;
  tests: ResolvedTest[];
}

export interface ResolvedPlan {
  profiles: ResolvedProfile[];
  /** All test runs in order (profile-major). */
  tests: ResolvedTest[];
}

function describe(e: unknown): string[] {
  if (e instanceof ConfigError && e.issues.length > 0) return e.issues.map((i) => `${e.message}: ${i}`);
  if (isPerfgateError(e)) return [`${e.message}${e.hint ? ` (${e.hint})` : ''}`];
  return [(e as Error).message];
}

/** Build the plan: each profile × each test, validated by instantiating the workload and expanding its iterations. */
export async function resolvePlan(registry: Registry, profiles: readonly ItemSpec[], tests: readonly ItemSpec[], ctx: PluginContext): Promise<ResolvedPlan> {
  const issues: string[] = [];
  const out: ResolvedProfile[] = [];
  for (const [pi, p] of profiles.entries()) {
    let profileFactory;
    try {
      profileFactory = registry.get('profiles', p.name);
    } catch (e) {
      issues.push(...describe(e).map((m) => `profiles[${pi}]: ${m}`));
      continue;
    }
    const pdir = dirName(p, registry.canonical('profiles', p.name));
    const resolved: ResolvedProfile = { dir: pdir, create: async () => profileFactory(workloadParams(p.params), ctx), tests: [] };
    for (const [ti, t] of tests.entries()) {
      try {
        const factory = registry.get('workloads', t.name);
        const params = workloadParams(t.params);
        const create = async () => factory(params, ctx);
        const iterations = (await create()).plan();
        const test = dirName(t, registry.canonical('workloads', t.name));
        resolved.tests.push({ key: testKey(pi, pdir, ti, test), profile: pdir, test, params, create, iterations });
      } catch (e) {
        if (pi === 0) issues.push(...describe(e).map((m) => `tests[${ti}] (${t.name}): ${m}`));
      }
    }
    out.push(resolved);
  }
  if (issues.length > 0) throw new ConfigError(`the run plan is invalid (${issues.length} problem${issues.length > 1 ? 's' : ''})`, issues, 'fix the test and profile names and parameters; see run-perf --help');
  return { profiles: out, tests: out.flatMap((p) => p.tests) };
}
