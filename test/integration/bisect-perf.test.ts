// bisect-perf end to end: a temp git repo whose "product" script slows down 5x at a known commit; bisect must name that commit.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bisectPerfCommand } from '../../src/cli/bisect-perf-command.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/main.js';
import type { BisectState } from '../../src/bisect/state.js';

const git = (repo: string, ...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8' }).trim();

/** 8 commits; commit 4 fails to build; from commit 6 ("cache rewrite") on, product.sh sleeps 0.25 s instead of 0.05 s. Returns the commits in order. */
function makeRepo(): { repo: string; commits: string[] } {
  const repo = mkdtempSync(join(tmpdir(), 'perfgate-bisect-repo-'));
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'config', 'user.email', 'dev@example.com');
  git(repo, 'config', 'user.name', 'Dev');
  const commits: string[] = [];
  for (let i = 1; i <= 8; i++) {
    const delay = i >= 6 ? '0.25' : '0.05';
    writeFileSync(join(repo, 'product.sh'), `#!/bin/sh\n# the product, version ${i}\nsleep ${delay}\n`);
    writeFileSync(join(repo, 'CHANGES'), Array.from({ length: i }, (_, k) => `change ${k + 1}\n`).join(''));
    // Commit 4 does not build (the build script refuses a tree with BROKEN): bisect must skip it.
    if (i === 4) writeFileSync(join(repo, 'BROKEN'), 'x\n');
    if (i === 5) git(repo, 'rm', '-q', 'BROKEN');
    git(repo, 'add', 'product.sh', 'CHANGES', ...(i === 4 ? ['BROKEN'] : []));
    git(repo, 'commit', '-q', '-m', i === 6 ? 'cache rewrite' : `change ${i}`);
    commits.push(git(repo, 'rev-parse', 'HEAD'));
  }
  return { repo, commits };
}

describe('bisect-perf (git bisect + run-perf command workload + diff-perf)', () => {
  it('finds the commit that made the product 5x slower, and writes the bisect log, state and compare-perf HTML report', { timeout: 300_000 }, async () => {
    const { repo, commits } = makeRepo();
    const cwd = mkdtempSync(join(tmpdir(), 'perfgate-bisect-'));
    // A build step that must run at each checkout: it writes the file the product runs from.
    writeFileSync(join(cwd, 'build.sh'), 'set -e\ntest ! -e BROKEN\ncp product.sh built.sh\n');
    const test = `command:${JSON.stringify({ command: ['sh', 'built.sh'], samples: 2, name: 'product' })}`;
    const io = memoryIo(['--repo', repo, '--good', commits[0] ?? '', '--bad', 'main', '--build', 'build.sh', '--workdir', 'work', '--repeat', '2', '--', '--', test], cwd);
    const code = await runCommand('bisect-perf', bisectPerfCommand, io);
    const work = join(cwd, 'work');
    expect(io.err()).not.toContain('failed');
    expect(io.out()).toContain(`first bad commit: ${commits[5]}`);
    expect(code).toBe(0);

    const log = readFileSync(join(work, 'bisect.log'), 'utf8');
    expect(log).toContain(`# first bad commit: [${commits[5]}] cache rewrite`);
    const state = JSON.parse(readFileSync(join(work, 'state.json'), 'utf8')) as BisectState;
    expect(state.goodResults).toEqual(['good-1', 'good-2']);
    expect(state.badResults).toEqual(['bad-1', 'bad-2']);
    // Every step's verdict agrees with where the slowdown really is.
    expect(state.steps.length).toBeGreaterThanOrEqual(2);
    const expected = (commit: string) => (commits.indexOf(commit) === 3 ? 'skip' : commits.indexOf(commit) >= 5 ? 'bad' : 'good');
    expect(state.steps.map((s) => s.verdict)).toEqual(state.steps.map((s) => expected(s.commit)));
    // git bisect picks commit 4 first here (deterministic for this history); its failed build is a skip (exit 125).
    expect(state.steps.find((s) => s.commit === commits[3])).toMatchObject({ verdict: 'skip', reason: 'build failed', results: [] });
    // Each measured step kept its run-perf tree with the product's wall time.
    for (const s of state.steps.filter((x) => x.verdict !== 'skip')) expect(existsSync(join(work, s.results[0] ?? '', 'Localhost/command/0000/result.json'))).toBe(true);
    // The repository is left as it was: on main, bisect reset, no build product tracked.
    expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(existsSync(join(repo, '.git/BISECT_LOG'))).toBe(false);
    expect(readdirSync(work)).toEqual(expect.arrayContaining(['bisect-run.log', 'session.log']));
    // compare-perf's HTML report over good, every step in bisect order, then bad.
    expect(io.out()).toContain(`report: ${join(work, 'report.html')}`);
    const html = readFileSync(join(work, 'report.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    const labels = state.steps.filter((s) => s.verdict !== 'skip').map((s) => `${s.verdict}-${s.commit.slice(0, 10)}`);
    const positions = labels.map((l) => html.indexOf(l));
    for (const p of positions) expect(p).toBeGreaterThan(-1);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('refuses a dirty repository before running anything (exit 64)', async () => {
    const { repo, commits } = makeRepo();
    writeFileSync(join(repo, 'product.sh'), 'sleep 9\n');
    const cwd = mkdtempSync(join(tmpdir(), 'perfgate-bisect-'));
    const io = memoryIo(['--repo', repo, '--good', commits[0] ?? '', '--bad', 'main', '--', '--', 'command:{"command":["true"]}'], cwd);
    expect(await runCommand('bisect-perf', bisectPerfCommand, io)).toBe(64);
    expect(io.err()).toMatch(/has uncommitted changes/);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('refuses a missing or non-file --build script up front with one line naming it (exit 64), before anything runs', async () => {
    const { repo, commits } = makeRepo();
    const cwd = mkdtempSync(join(tmpdir(), 'perfgate-bisect-'));
    for (const [build, problem] of [['/nonexist.sh', 'does not exist'], [repo, 'is not a file']] as const) {
      const io = memoryIo(['--repo', repo, '--good', commits[0] ?? '', '--bad', 'main', '--build', build, '--', '--', 'command:{"command":["true"]}'], cwd);
      expect(await runCommand('bisect-perf', bisectPerfCommand, io)).toBe(64);
      expect(io.err().split('\n')).toEqual([`bisect-perf: error: --build ${build} ${problem}`, expect.stringMatching(/^ {2}hint: .*sh FILE.*need not be executable/), '']);
    }
    // Nothing ran: no work folder, the repository untouched on main with no bisect started.
    expect(readdirSync(cwd)).toEqual([]);
    expect(git(repo, 'rev-parse', '--abbrev-ref', 'HEAD')).toBe('main');
    expect(existsSync(join(repo, '.git/BISECT_START'))).toBe(false);
  });
});
