// The run's progress file (`.perfgate-run.json` at the tree root), which --resume reads to skip finished tests.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import { writeFileAtomic } from './result-dir.js';

export const STATE_FILE = '.perfgate-run.json';

export interface RunState {
  version: 1;
  /** Keys of every planned test run (`<profile index>:<profile>/<test index>:<test>`), in order. */
  planned: string[];
  /** The options each planned run was given, by key (absent in trees of older perfgate versions). */
  params?: Record<string, PlannedParams>;
  /** The `PROFILE/TEST/tmpXXXXXX` folder (relative to the root) of the attempt in progress, removed on --resume. */
  active?: string;
  /** Finished (published) test runs. */
  done: string[];
  /** Test runs that failed every attempt. */
  failed: string[];
}

export interface PlannedParams {
  profile: Readonly<Record<string, unknown>>;
  test: Readonly<Record<string, unknown>>;
}

/** One planned test run as the state file records it. */
export interface PlannedRun extends PlannedParams {
  key: string;
  /** `PROFILE` and `TEST` folder names, for messages. */
  profileDir: string;
  testDir: string;
}

export const testKey = (pi: number, profile: string, ti: number, test: string): string => `${pi}:${profile}/${ti}:${test}`;

/** A fresh state for a new run. */
export function newState(planned: readonly PlannedRun[]): RunState {
  return { version: 1, planned: planned.map((p) => p.key), params: Object.fromEntries(planned.map((p) => [p.key, { profile: p.profile, test: p.test }])), done: [], failed: [] };
}

/** JSON with sorted object keys, so that `{"a":1,"b":2}` and `{"b":2,"a":1}` compare equal. */
function canonical(value: unknown): string {
  const sort = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(sort) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sort(value)) ?? 'unset';
}

/** `runtime 10 → 1, size unset → "1M"` for the top-level options that differ. */
function changes(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.filter((k) => canonical(before[k]) !== canonical(after[k])).map((k) => `${k} ${canonical(before[k])} → ${canonical(after[k])}`);
}

/** What differs between the interrupted run's options and the new command line's, one phrase per profile or test. */
export function paramChanges(recorded: Readonly<Record<string, PlannedParams>>, planned: readonly PlannedRun[]): string[] {
  const out: string[] = [];
  const seenProfiles = new Set<string>();
  for (const p of planned) {
    const old = recorded[p.key];
    if (old === undefined) continue;
    if (!seenProfiles.has(p.profileDir)) {
      seenProfiles.add(p.profileDir);
      const c = changes(old.profile, p.profile);
      if (c.length > 0) out.push(`profile ${p.profileDir}: ${c.join(', ')}`);
    }
    const c = changes(old.test, p.test);
    if (c.length > 0) out.push(`test ${p.profileDir}/${p.testDir}: ${c.join(', ')}`);
  }
  return out;
}

const RESUME_HINT = 'repeat the original command line with --resume, or start a new run with another --output';

/** Load the state of the run being resumed; its plan (profiles, tests and their options) must equal the new one. */
export function loadState(root: string, planned: readonly PlannedRun[]): RunState {
  const file = join(root, STATE_FILE);
  if (!existsSync(file)) throw new UsageError(`--resume: ${root} has no ${STATE_FILE}; it was not written by perfgate's run-perf`, 'start a new run with another --output', 'PERFGATE_RESUME_NO_STATE');
  const state = JSON.parse(readFileSync(file, 'utf8')) as RunState;
  const keys = planned.map((p) => p.key);
  if (JSON.stringify(state.planned) !== JSON.stringify(keys)) {
    throw new UsageError(`--resume: the profiles and tests differ from the run in ${root} (${state.planned.join(', ')})`, RESUME_HINT, 'PERFGATE_RESUME_MISMATCH');
  }
  const changed = state.params ? paramChanges(state.params, planned) : [];
  if (changed.length > 0) {
    throw new UsageError(`--resume: the parameters differ from the run in ${root}: ${changed.join('; ')}`, RESUME_HINT, 'PERFGATE_RESUME_MISMATCH');
  }
  return state;
}

export function saveState(root: string, state: RunState): Promise<void> {
  return writeFileAtomic(join(root, STATE_FILE), JSON.stringify(state, null, 2) + '\n');
}
