// analyze-perf when every result is broken (empty or unreadable result.json, only __error__ folders): exit 65, nothing written.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { analyzePerfCommand } from '../../src/cli/analyze-perf-command.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/main.js';
import { COMPAT_RESULTS } from '../support/fixtures.js';

const GOOD = join(COMPAT_RESULTS, '1_base/result_20200726_080654');
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A fresh working folder holding result trees whose only serial's result.json is `content` (a string) or a folder. */
function workdir(broken: Record<string, string | 'dir' | 'error-only'>): string {
  const cwd = mkdtempSync(join(tmpdir(), 'perfgate-analyze-broken-'));
  dirs.push(cwd);
  for (const [name, kind] of Object.entries(broken)) {
    const serial = join(cwd, name, 'Localhost/fio/0000');
    mkdirSync(serial, { recursive: true });
    writeFileSync(join(cwd, name, 'RUNPERF_METADATA'), 'distro:Fedora\n');
    if (kind === 'dir') mkdirSync(join(serial, 'result.json'));
    else if (kind === 'error-only') {
      mkdirSync(join(serial, '__error0__'));
      writeFileSync(join(serial, '__error0__/exception'), 'Traceback (most recent call last):\n  boom\n');
    } else writeFileSync(join(serial, 'result.json'), kind);
  }
  return cwd;
}

async function run(argv: string[], cwd: string) {
  const io = memoryIo(argv, cwd);
  const code = await runCommand('analyze-perf', analyzePerfCommand, io);
  return { code, out: io.out(), err: io.err() };
}

/** The error part of stderr (after any WARNING lines): one message line and one hint line. */
function errorLines(err: string): string[] {
  return err
    .trimEnd()
    .split('\n')
    .filter((l) => !l.startsWith('WARNING|'));
}

describe('analyze-perf with no usable check in any result', () => {
  it.each([
    ['-s and -c (run-perf format)', ['-s', 'y.json', '-c', 'y.csv']],
    ['-l', ['-l', 'l.json']],
    ['--format perfgate', ['--format', 'perfgate', '-s', 'p.json']],
    ['--format perfgate with -c', ['--format', 'perfgate', '-s', 'p.json', '-c', 'y.csv']],
    ['--changes', ['--changes']],
  ])('an empty result.json, %s: exit 65, one line naming the input and file, a hint, no output', async (_name, opts) => {
    const cwd = workdir({ bad1: '' });
    const r = await run([...opts, '--', 'bad1'], cwd);
    expect(r.code).toBe(ExitCode.INPUT);
    expect(r.out).toBe('');
    const lines = errorLines(r.err);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      "analyze-perf: error: no usable check in result 'bad1': only error checks were read, e.g. bad1/Localhost/fio/0000/result.json: malformed JSON: unexpected end of input at line 1 column 1",
    );
    expect(lines[1]).toMatch(/^ {2}hint: fix or replace the broken result\.json files.*no output was written$/);
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(readdirSync(cwd)).toEqual(['bad1']); // no model, CSV or temporary file
  });

  it('several broken inputs (unreadable, empty, only __error__): all named, exit 65, nothing written', async () => {
    const cwd = workdir({ a: 'dir', b: '', c: 'error-only', d: '' });
    for (const opts of [['-s', 'y.json', '-c', 'y.csv'], ['--format', 'perfgate', '-s', 'p.json']]) {
      const r = await run([...opts, 'a', 'b', 'c', 'd'], cwd);
      expect(r.code).toBe(ExitCode.INPUT);
      const lines = errorLines(r.err);
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^analyze-perf: error: no usable check in any of the results 'a', 'b', 'c', \.\.\. \(4 in all\): only error checks were read, e\.g\. a\/Localhost\/fio\/0000\/result\.json: unreadable: EISDIR/);
      expect(readdirSync(cwd).sort()).toEqual(['a', 'b', 'c', 'd']);
    }
  });

  it('results holding only __error__ folders: exit 65, the message says so on one line', async () => {
    const cwd = workdir({ e1: 'error-only', e2: 'error-only' });
    const r = await run(['-l', 'l.json', 'e1', 'e2'], cwd);
    expect(r.code).toBe(ExitCode.INPUT);
    expect(errorLines(r.err)[0]).toBe("analyze-perf: error: no usable check in any of the results 'e1', 'e2': only error checks (__error*__ folders of failed tests) were read");
    expect(errorLines(r.err)).toHaveLength(2);
    expect(readdirSync(cwd).sort()).toEqual(['e1', 'e2']);
  });

  it.each([
    ['run-perf format', ['-s', 'y.json', '-c', 'y.csv']],
    ['--format perfgate', ['--format', 'perfgate', '-s', 'y.json']],
  ])('usable inputs among broken ones still train (%s), as before', async (_name, opts) => {
    const cwd = workdir({ bad1: '' });
    cpSync(GOOD, join(cwd, 'good1'), { recursive: true });
    cpSync(GOOD, join(cwd, 'good2'), { recursive: true }); // perfgate models want two builds
    const r = await run([...opts, 'bad1', 'good1', 'good2'], cwd);
    expect(r.code).toBe(0);
    expect(readFileSync(join(cwd, 'y.json'), 'utf8')).toContain('Localhost/fio/0000:./read-4KiB/throughput/iops_sec.mean');
  });
});
