// Resolves profile and test specs through the registry into the run plan; every bad name or parameter is reported at once.
import { ConfigError, isPerfgateError } from '../errors.js';
import { instantiate } from '../plugins/instantiate.js';
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
  /** The profile's options (without `__X__` extras), as given. */
  params: Readonly<Record<string, unknown>>;
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

/**
 * Build the plan: each profile × each test. Profiles are checked by calling their factory with `dryRun: true` (no
 * host or cluster is contacted); tests by instantiating the workload and expanding its iterations. Whatever a
 * factory throws is a config problem of the plan, reported before any output folder exists.
 */
export async function resolvePlan(registry: Registry, profiles: readonly ItemSpec[], tests: readonly ItemSpec[], ctx: PluginContext): Promise<ResolvedPlan> {
  const issues: string[] = [];
  const out: ResolvedProfile[] = [];
  for (const [pi, p] of profiles.entries()) {
    const options = workloadParams(p.params);
    let checked: Profile;
    try {
      checked = await instantiate(registry, 'profiles', p.name, options, { ...ctx, dryRun: true });
    } catch (e) {
      issues.push(...describe(e).map((m) => `profiles[${pi}] (${p.name}): ${m}`));
      continue;
    }
    const pdir = dirName(p, registry.canonical('profiles', p.name));
    // --dry-run keeps the checked instance (it is the dry-run one); a real run creates the profile afresh
    const create = ctx.dryRun ? async () => checked : async () => instantiate(registry, 'profiles', p.name, options, ctx);
    const resolved: ResolvedProfile = { dir: pdir, params: options, create, tests: [] };
    for (const [ti, t] of tests.entries()) {
      try {
        registry.get('workloads', t.name);
        const params = workloadParams(t.params);
        const create = async () => instantiate(registry, 'workloads', t.name, params, ctx);
        const iterations = (await create()).plan();
        const test = dirName(t, registry.canonical('workloads', t.name));
        resolved.tests.push({ key: testKey(pi, pdir, ti, test), profile: pdir, test, params, create, iterations });
      } catch (e) {
        if (pi === 0 || !issues.some((i) => i.startsWith(`tests[${ti}] `))) issues.push(...describe(e).map((m) => `tests[${ti}] (${t.name}): ${m}`));
      }
    }
    out.push(resolved);
  }
  if (issues.length > 0) throw new ConfigError(`the run plan is invalid (${issues.length} problem${issues.length > 1 ? 's' : ''})`, issues, 'fix the test and profile names and parameters; see run-perf --help');
  return { profiles: out, tests: out.flatMap((p) => p.tests) };
}
