// SIGINT/SIGTERM on the real run-perf process: the workload's whole process tree dies, the tree is kept and marked INCOMPLETE, exit 130.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Workload processes (shells and sleeps, not run-perf itself, whose argv also holds the tag) carrying `tag`. */
function processesWith(tag: string): string[] {
  return execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(tag) && l.startsWith('sh '));
}

/** Start run-perf on a workload that forks a tagged grandchild; resolve once that grandchild runs. */
async function startRun(signalCount: number, signal: NodeJS.Signals, ignoreTerm = false) {
  const out = join(mkdtempSync(join(tmpdir(), 'perfgate-sig-')), 'r');
  const tag = `rp-sig-${randomBytes(4).toString('hex')}`;
  const test = `command:${JSON.stringify({ command: ['sh', '-c', `sh -c '${ignoreTerm ? 'trap "" TERM; ' : ''}sleep 300; : ${tag}' & wait`], samples: 1 })}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/run-perf.ts', '--output', out, '--', test], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  const grandchild = () => processesWith(tag).filter((l) => !l.includes('& wait'));
  for (let i = 0; i < 500 && grandchild().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
  expect(grandchild()).toHaveLength(1);
  child.kill(signal);
  if (signalCount > 1) {
    // the second signal once the first was handled (signals sent back to back may be merged)
    for (let i = 0; i < 500 && !stderr.includes('received, stopping'); i++) await new Promise((r) => setTimeout(r, 10));
    child.kill(signal);
  }
  const code = await exited;
  return { code, out, tag, stderr };
}

describe('run-perf interruption', () => {
  it('stops on SIGINT: no orphaned workload processes, INCOMPLETE marker, exit 130', async () => {
    const r = await startRun(1, 'SIGINT');
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('SIGINT received, stopping');
    expect(r.stderr).toContain('interrupted; kept what completed');
    expect(processesWith(r.tag)).toEqual([]);
    expect(existsSync(join(r.out, 'INCOMPLETE'))).toBe(true);
    expect(existsSync(join(r.out, 'RUNPERF_METADATA'))).toBe(true);
    expect(readdirSync(join(r.out, 'Localhost/command')).every((d) => d.startsWith('tmp'))).toBe(true);
  });

  it('stops on SIGTERM the same way', async () => {
    const r = await startRun(1, 'SIGTERM');
    expect(r.code).toBe(130);
    expect(processesWith(r.tag)).toEqual([]);
  });

  it('aborts at once on a second signal, still killing the workload', async () => {
    // the workload ignores SIGTERM, so the first Ctrl-C's graceful stop would wait for the SIGKILL grace period
    const r = await startRun(2, 'SIGINT', true);
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('second SIGINT, aborting at once');
    expect(processesWith(r.tag)).toEqual([]);
    expect(existsSync(join(r.out, 'INCOMPLETE'))).toBe(true);
  });
});
