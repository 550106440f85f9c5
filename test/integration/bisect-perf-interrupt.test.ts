// bisect-perf under SIGINT/SIGTERM, as real processes: the running step stops, the bisect is reset, the repository restored, exit 130.
import { execFileSync, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { BisectState } from '../../src/bisect/state.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const BIN = ['--import', `file://${join(REPO, 'node_modules/tsx/dist/loader.mjs')}`, join(REPO, 'src/cli/bisect-perf.ts')];

const git = (repo: string, ...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `pid args` of every process whose argv holds one of the tags (the session's tmp folder, the slow product's sleep). */
function processesWith(...tags: string[]): string[] {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => tags.some((t) => l.includes(t)) && !l.includes(' ps -eo '));
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  // A failed test must not leave its sleeps behind for the rest of the suite.
  for (const c of cleanups.splice(0)) c();
});

/** A repo of 3 commits; the product at the commits in `slow` sleeps for a tagged 300.xxx s, the others 0.05 s. */
function makeRepo(slow: number[]) {
  const base = mkdtempSync(join(tmpdir(), 'perfgate-bisect-int-'));
  const repo = join(base, 'repo');
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  git(repo, 'config', 'user.email', 'dev@example.com');
  git(repo, 'config', 'user.name', 'Dev');
  const marker = `sleep 300.${randomInt(100_000, 999_999)}`;
  const commits: string[] = [];
  for (let i = 1; i <= 3; i++) {
    writeFileSync(join(repo, 'product.sh'), `#!/bin/sh\n# version ${i}\n${slow.includes(i) ? marker : 'sleep 0.05'}\n`);
    git(repo, 'add', 'product.sh');
    git(repo, 'commit', '-q', '-m', `change ${i}`);
    commits.push(git(repo, 'rev-parse', 'HEAD'));
  }
  cleanups.push(() => {
    for (const l of processesWith(base, marker)) {
      try {
        process.kill(Number(l.trim().split(' ')[0]), 'SIGKILL');
      } catch {
        // gone
      }
    }
  });
  return { base, repo, commits, marker };
}

/** Start bisect-perf as its own process group (like a shell's foreground job); resolves when it has exited and closed its output. */
function start(base: string, repo: string, good: string, repeat: number) {
  const test = `command:${JSON.stringify({ command: ['sh', 'product.sh'], samples: 1, name: 'product' })}`;
  const argv = [...BIN, '--repo', repo, '--good', good, '--bad', 'main', '--workdir', 'work', '--repeat', String(repeat), '--', '--', test];
  const child = spawn(process.execPath, argv, { cwd: base, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  return { pid: child.pid ?? 0, closed, err: () => stderr, out: () => stdout };
}

/** Wait (no time limit of its own: the test timeout bounds it) until the slow product is running. */
async function waitFor(marker: string): Promise<void> {
  while (processesWith(marker).length === 0) await sleep(100);
}

function expectRestored(repo: string, head: string, branch: string) {
  expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe(branch);
  expect(git(repo, 'rev-parse', 'HEAD')).toBe(head);
  expect(existsSync(join(repo, '.git/BISECT_START'))).toBe(false);
  expect(existsSync(join(repo, '.git/BISECT_LOG'))).toBe(false);
  expect(git(repo, 'status', '--porcelain', '--untracked-files=no')).toBe('');
}

describe('bisect-perf interruption (real git bisect run, run-perf command workload, signals)', () => {
  it('Ctrl-C (SIGINT to its process group) during a bisect step: the step stops, bisect reset, repo back on main, exit 130', { timeout: 300_000 }, async () => {
    const { base, repo, commits, marker } = makeRepo([2]);
    const run = start(base, repo, commits[0] ?? '', 1);
    // Good (commit 1) and bad (commit 3) are quick; git bisect's only step, commit 2, sleeps.
    await waitFor(marker);
    process.kill(-run.pid, 'SIGINT');
    expect(await run.closed).toBe(130);
    const errorLines = run.err().split('\n').filter((l) => l.includes('error:'));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toMatch(/^bisect-perf: error: interrupted during step 1 \(\w{10}\) run 1: run-perf stopped \(exit 130\); bisect reset and the repository restored$/);
    expect(run.err()).not.toMatch(/failed|internal error|\n\s+at /);
    expectRestored(repo, commits[2] ?? '', 'main');
    expect(processesWith(base, marker)).toEqual([]);

    // What was written is kept: the ends, the state (no verdict for the unjudged commit), the logs, run-perf's incomplete step tree.
    const work = join(base, 'work');
    const state = JSON.parse(readFileSync(join(work, 'state.json'), 'utf8')) as BisectState;
    expect(state).toMatchObject({ goodResults: ['good-1'], badResults: ['bad-1'], steps: [] });
    expect(state.interrupted).toMatch(/^step 1 /);
    expect(readFileSync(join(work, 'bisect.log'), 'utf8')).toContain('git bisect start');
    const stepDir = readdirSync(work).find((d) => d.startsWith(`step-001-${(commits[1] ?? '').slice(0, 10)}`));
    expect(stepDir).toBeDefined();
    expect(existsSync(join(work, stepDir ?? '', 'INCOMPLETE'))).toBe(true);
    expect(readFileSync(join(work, 'session.log'), 'utf8')).toContain('(interrupted: exit 130)');
  });

  it('SIGTERM to bisect-perf alone while the good end runs: no further run starts, detached checkout restored, exit 130', { timeout: 300_000 }, async () => {
    const { base, repo, commits, marker } = makeRepo([1]);
    git(repo, 'checkout', '-q', '--detach', commits[1] ?? '');
    const run = start(base, repo, commits[0] ?? '', 2);
    await waitFor(marker);
    process.kill(run.pid, 'SIGTERM');
    expect(await run.closed).toBe(130);
    expect(run.err()).toContain('SIGTERM received, stopping');
    expect(run.err()).toMatch(/error: interrupted during good run 1 \(run-perf stopped \(exit 130\)\)/);
    expect(run.err()).not.toContain('(2/2)');
    expectRestored(repo, commits[1] ?? '', 'HEAD');
    expect(processesWith(base, marker)).toEqual([]);
    const work = join(base, 'work');
    expect(readdirSync(work).sort()).toEqual(['good-1', 'session.log', 'state.json']);
    expect((JSON.parse(readFileSync(join(work, 'state.json'), 'utf8')) as BisectState).interrupted).toMatch(/^good run 1: /);
  });

  it('run-perf stopped by SIGINT on its own (exit 130) is an interruption, not a failed run', { timeout: 300_000 }, async () => {
    const { base, repo, commits, marker } = makeRepo([1]);
    const run = start(base, repo, commits[0] ?? '', 2);
    await waitFor(marker);
    const runPerf = processesWith(join(base, 'work', 'good-1')).filter((l) => l.includes('run-perf'));
    expect(runPerf).toHaveLength(1);
    process.kill(Number(runPerf[0]?.trim().split(' ')[0]), 'SIGINT');
    expect(await run.closed).toBe(130);
    expect(run.err()).not.toContain('failed');
    expect(run.err()).toMatch(/error: interrupted during good run 1 \(run-perf stopped \(exit 130\)\)/);
    expect(existsSync(join(base, 'work', 'good-2'))).toBe(false);
    expectRestored(repo, commits[2] ?? '', 'main');
    expect(processesWith(base, marker)).toEqual([]);
  });
});
