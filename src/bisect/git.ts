// Thin git wrappers for bisect: every call is an argv array run in the repository folder.
import { spawnSync } from 'node:child_process';
import { EnvironmentError, UsageError } from '../errors.js';

/** Run git with argv in `repo`; throws with git's own message on failure. */
export function git(repo: string, args: readonly string[], allowFail = false): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('git', args, { cwd: repo, encoding: 'utf8' });
  if (r.error) {
    throw new EnvironmentError(`cannot run git: ${r.error.message}`, { code: 'PERFGATE_GIT_MISSING', hint: 'install git (apt-get install git)' });
  }
  const out = { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
  if (out.code !== 0 && !allowFail) {
    throw new UsageError(`git ${args.join(' ')} failed in ${repo}: ${out.stderr.trim().split('\n')[0] ?? ''}`, 'check the repository and the good/bad revisions');
  }
  return out;
}

/** Full hash of a revision. */
export function revParse(repo: string, rev: string): string {
  return git(repo, ['rev-parse', '--verify', `${rev}^{commit}`]).stdout.trim();
}

/** The working tree has no uncommitted changes to tracked files. */
export function isClean(repo: string): boolean {
  return git(repo, ['status', '--porcelain', '--untracked-files=no']).stdout.trim() === '';
}

/** The commit `git bisect` named as first bad, parsed from `git bisect log`/run output. */
export function firstBadFrom(output: string): string | undefined {
  return /^([0-9a-f]{7,40}) is the first bad commit/m.exec(output)?.[1];
}
