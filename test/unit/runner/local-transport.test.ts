// LocalTransport runs argv arrays, reports failures as ExecError, and kills the whole process group on timeout and abort.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ExecError } from '../../../src/runner/targets/exec-error.js';
import { LocalTransport } from '../../../src/runner/targets/local.js';
import { liveGroups } from '../../../src/runner/targets/process-groups.js';

const t = new LocalTransport();

/** Processes whose command line contains `tag`. */
function processesWith(tag: string): string[] {
  return execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(tag) && !l.startsWith('ps '));
}

/** A command that forks a background child and waits, both tagged so we can find leftovers. */
function forkingSleeper(tag: string): string[] {
  return ['sh', '-c', `sh -c 'sleep 300; : ${tag}' & wait`];
}

describe('LocalTransport', () => {
  it('runs an argv array without a shell and captures its output', async () => {
    const r = await t.exec(['printf', '%s|', 'a b', '$HOME', ';echo']);
    expect(r.stdout).toBe('a b|$HOME|;echo|');
    expect(r.exitCode).toBe(0);
    expect(r.failed).toBe(false);
    expect(r.command).toBe(`printf '%s|' 'a b' '$HOME' ';echo'`);
  });

  it('rejects a non-zero exit with an ExecError carrying the result', async () => {
    const e = await t.exec(['sh', '-c', 'echo oops >&2; exit 3']).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ExecError);
    expect((e as ExecError).result.exitCode).toBe(3);
    expect((e as ExecError).message).toContain('exited with code 3: oops');
  });

  it('resolves a failure with reject: false', async () => {
    const r = await t.exec(['sh', '-c', 'exit 2'], { reject: false });
    expect(r).toMatchObject({ failed: true, exitCode: 2 });
  });

  it('reports a missing binary as a failed result', async () => {
    const r = await t.exec(['/nonexistent/binary-x'], { reject: false });
    expect(r.failed).toBe(true);
    expect(r.stderr).toContain('ENOENT');
  });

  it('feeds input, env and cwd', async () => {
    const r = await t.exec(['sh', '-c', 'cat; echo " $FOO"; pwd'], { input: 'in', env: { FOO: 'bar' }, cwd: '/tmp' });
    expect(r.stdout).toBe('in bar\n/tmp\n');
  });

  it('kills the whole process group on timeout, leaving no orphans', async () => {
    const tag = `pg-timeout-${randomBytes(4).toString('hex')}`;
    const e = (await t.exec(forkingSleeper(tag), { timeoutMs: 300 }).catch((x: unknown) => x)) as ExecError;
    expect(e).toBeInstanceOf(ExecError);
    expect(e.result.timedOut).toBe(true);
    expect(e.message).toContain('timed out after 300 ms');
    expect(processesWith(tag)).toEqual([]);
    expect(liveGroups()).toBe(0);
  });

  it('kills the process group on abort and rejects with the abort reason', async () => {
    const tag = `pg-abort-${randomBytes(4).toString('hex')}`;
    const ac = new AbortController();
    const p = t.exec(forkingSleeper(tag), { signal: ac.signal });
    // wait until the background child exists, then abort
    for (let i = 0; i < 100 && processesWith(`sleep 300; : ${tag}`).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(processesWith(`sleep 300; : ${tag}`).length).toBeGreaterThan(0);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    expect(processesWith(tag)).toEqual([]);
  });
});
