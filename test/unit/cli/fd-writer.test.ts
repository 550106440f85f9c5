// fdWriter: stdout/stderr by descriptor write every byte in order, tell pipes from terminals, and end quietly on EPIPE.
import { spawn, spawnSync } from 'node:child_process';
import type { writeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fdWriter } from '../../../src/cli/fd-writer.js';

const WRITER = new URL('../../../src/cli/fd-writer.ts', import.meta.url).href;
const TSX = import.meta.resolve('tsx');

/** A child Node that imports fdWriter and runs `body` (with `w1` and `w2` for fd 1 and 2). */
function childArgs(body: string): string[] {
  const code = `import { fdWriter } from ${JSON.stringify(WRITER)}; const w1 = fdWriter(1); const w2 = fdWriter(2); ${body}`;
  return ['--import', TSX, '--input-type=module', '-e', code];
}

describe('fdWriter', () => {
  it('writes large and multi-byte output completely and in order through a pipe read slowly', async () => {
    // 40 chunks of ~50 kB with multi-byte characters: far more than a pipe buffer, so writes block and may be partial
    const child = spawn(process.execPath, childArgs("for (let i = 0; i < 40; i++) w1.write(`${i}:` + '→…'.repeat(8000) + 'x'.repeat(2000) + '\\n'); w2.write('done\\n');"), { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.stdout.pause();
    await new Promise((r) => setTimeout(r, 300));
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stdout.resume();
    const code = await new Promise<number | null>((r) => child.on('close', r));
    expect(code).toBe(0);
    expect(err).toBe('done\n');
    const lines = Buffer.concat(chunks).toString('utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(40);
    lines.forEach((line, i) => expect(line).toBe(`${i}:` + '→…'.repeat(8000) + 'x'.repeat(2000)));
  });

  it('is not a TTY on a pipe or a file', () => {
    const r = spawnSync(process.execPath, childArgs("w2.write(String(w1.isTTY) + ' ' + String(w2.isTTY));"), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(r.stderr).toBe('false false');
    const f = spawnSync('sh', ['-c', `"${process.execPath}" "$@" >/dev/null`, 'sh', ...childArgs("w2.write(String(w1.isTTY));")], { encoding: 'utf8' });
    // /dev/null is a character device but not a terminal
    expect(f.stderr).toBe('false');
  });

  it('continues short writes and retries EAGAIN until every byte is out', () => {
    const out: number[] = [];
    let calls = 0;
    const flaky = ((_fd: number, buf: Uint8Array, offset: number, length: number): number => {
      calls++;
      if (calls % 3 === 0) throw Object.assign(new Error('EAGAIN'), { code: 'EAGAIN' });
      const n = Math.min(length, 1 + (calls % 7)); // at most a few bytes per call
      for (let i = 0; i < n; i++) out.push(buf[offset + i] as number);
      return n;
    }) as unknown as typeof writeSync;
    const w = fdWriter(1, flaky);
    expect(w.write('héllo → wörld ')).toBe(true);
    expect(w.write('…again')).toBe(true);
    expect(Buffer.from(out).toString('utf8')).toBe('héllo → wörld …again');
    expect(calls).toBeGreaterThan(10);
  });

  it('reports other write errors on stdout as an environment error (exit 69), and gives up quietly on stderr', () => {
    const failing = (() => {
      throw Object.assign(new Error('EIO'), { code: 'EIO' });
    }) as unknown as typeof writeSync;
    expect(() => fdWriter(1, failing).write('x')).toThrow(expect.objectContaining({ kind: 'environment', message: 'cannot write to standard output (EIO)' }));
    const stderr = fdWriter(2, failing);
    expect(stderr.write('x')).toBe(false);
    expect(stderr.write('y')).toBe(false);
  });

  it('names a full disk on stdout (> /dev/full) with a hint', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "$@" >/dev/full`, 'sh', ...childArgs("try { w1.write('x'.repeat(100)); } catch (e) { w2.write(`${e.kind}|${e.message}|${e.hint}`); }")], { encoding: 'utf8' });
    expect(r.stderr).toBe('environment|cannot write to standard output (ENOSPC)|free some space where the output is redirected, or redirect it elsewhere');
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('is a TTY on a terminal (a pseudo-terminal from script(1))', () => {
    const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
    const cmd = [process.execPath, ...childArgs("w1.write('tty=' + String(w1.isTTY));")].map(quote).join(' ');
    const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8' });
    expect(r.stdout).toContain('tty=true');
  });

  it('stops quietly when the reader goes away (EPIPE) and the run still ends normally', () => {
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "$@" | head -c 5 >/dev/null; echo "exit $?"`, 'sh', ...childArgs("let ok = true; for (let i = 0; i < 2000 && ok; i++) ok = w1.write('y'.repeat(4096)); w2.write(ok ? 'not stopped' : 'stopped'); process.exitCode = 3;")], {
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('stopped');
    expect(r.stdout).toBe('exit 0\n'); // head's status; the writer's own exit code is checked below
    const s = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "$@" | head -c 5 >/dev/null; echo "exit $?"`, 'bash', ...childArgs("for (let i = 0; i < 2000; i++) if (!w1.write('y'.repeat(4096))) break; process.exitCode = 3;")], { encoding: 'utf8' });
    expect(s.stdout).toBe('exit 3\n');
    expect(s.stderr).toBe('');
  });
});
