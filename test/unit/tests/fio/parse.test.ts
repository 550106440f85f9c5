// The fio output parser and failure detection on every recorded fio 3.33 output (test/fixtures/fio-samples).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errnoName, errorLines, findProblems } from '../../../../src/tests/fio/errors.js';
import { FioOutputError, parseFioOutput, splitFioOutput } from '../../../../src/tests/fio/parse.js';
import { FIO_SAMPLES } from '../../../support/fixtures.js';

const sample = (f: string) => readFileSync(join(FIO_SAMPLES, f), 'utf8');
const parse = (f: string) => parseFioOutput(sample(f));
const ports = (f: string) => parse(f).entries.map((e) => [e.hostname, e.port, e.jobname]);

describe('parseFioOutput', () => {
  it('reads a standalone json+ run: jobs[], no chatter, bins present', () => {
    const o = parse('standalone.jsonplus.json');
    expect(o.mode).toBe('standalone');
    expect(o.version).toBe('fio-3.33');
    expect(o.entries).toHaveLength(1);
    expect(o.entries[0]?.read.clat_ns.bins).toBeDefined();
    expect(o.entries[0]?.hostname).toBeUndefined();
    expect(o.chatter).toEqual([]);
  });

  it('reads plain json (no bins) from a libaio direct run with submission latencies', () => {
    const e = parse('standalone-libaio-direct.json').entries[0];
    expect(e?.read.clat_ns.bins).toBeUndefined();
    expect(e?.read.slat_ns.N).toBe(437773);
    expect(e?.read.iops).toBeGreaterThan(80000);
  });

  it('reads client mode: per-client entries with hostname/port, "All clients" set aside', () => {
    const o = parse('cs-3servers-loopback.jsonplus.json');
    expect(o.mode).toBe('client');
    expect(ports('cs-3servers-loopback.jsonplus.json')).toEqual([
      ['127.0.0.1', 8766, 'randread4k'],
      ['127.0.0.1', 8765, 'randread4k'],
      ['127.0.0.1', 8767, 'randread4k'],
    ]);
    expect(o.allClients.map((e) => [e.jobname, e.job_runtime])).toEqual([['All clients', 15000]]);
  });

  it('cuts the server chatter before the first line that is exactly "{" and keeps it as diagnostics', () => {
    const o = parse('cs-chatter-prefix-then-json.txt');
    expect(o.chatter.length).toBeGreaterThan(0);
    expect(o.chatter.every((l) => l.startsWith('<'))).toBe(true);
    expect(o.entries.length).toBeGreaterThan(0);
    expect(o.json.startsWith('{\n')).toBe(true);
    const standalone = parse('err-io-error-errno28-standalone.stdout.txt');
    expect(standalone.chatter).toEqual([expect.stringMatching(/^fio: pid=\d+, err=28/)]);
  });

  it('keeps both job groups of each client apart from the single merged "All clients" entry', () => {
    const o = parse('cs-two-groups-all-clients-quirk.json');
    expect(o.entries.map((e) => [e.port, e.jobname, e.groupid])).toEqual([
      [8766, 'rr', 0],
      [8766, 'rw', 1],
      [8765, 'rr', 0],
      [8765, 'rw', 1],
    ]);
    expect(o.allClients).toHaveLength(1);
  });

  it('uses the last of the documents --status-interval prints in standalone mode', () => {
    const text = sample('status-interval-standalone.txt');
    expect(splitFioOutput(text).documents).toHaveLength(6);
    const e = parseFioOutput(text).entries;
    expect(e).toHaveLength(1);
    expect(e[0]?.read.runtime).toBeGreaterThanOrEqual(5000);
  });

  it('keeps only the final snapshot per client from --status-interval in client mode', () => {
    const o = parse('status-interval-client-mode.txt');
    expect(o.entries.map((e) => [e.port, e.read.runtime])).toEqual([
      [8766, 5001],
      [8765, 5001],
    ]);
  });

  it('parses fio native steady-state runs in both modes', () => {
    expect(parse('fio-native-steadystate-standalone.json').entries).toHaveLength(1);
    expect(parse('fio-native-steadystate-client-mode.json').entries[0]?.port).toBe(8765);
  });

  it('throws FioOutputError for empty output, truncated JSON and a foreign JSON document', () => {
    expect(() => parseFioOutput('')).toThrow(FioOutputError);
    expect(() => parseFioOutput(sample('err-all-servers-down.stderr.txt'))).toThrow(/no JSON document: fio: failed to connect to 127.0.0.1:8799 \| /);
    const full = sample('standalone.jsonplus.json');
    expect(() => parseFioOutput(full.slice(0, full.length / 2))).toThrow(/not valid JSON/);
    expect(() => parse('iperf3-tcp-loopback.json')).toThrow(/neither "jobs" nor "client_stats"/);
  });
});

describe('findProblems', () => {
  const twoClients = (a: number, b: number) => [
    { host: '127.0.0.1', port: a, name: 'w1' },
    { host: '127.0.0.1', port: b, name: 'w2' },
  ];

  it('finds nothing wrong in good runs', () => {
    expect(findProblems(parse('cs-3servers-loopback.jsonplus.json'), { clients: [8765, 8766, 8767].map((p, i) => ({ host: '127.0.0.1', port: p, name: `w${i}` })), runtimeSeconds: 5 })).toEqual([]);
    expect(findProblems(parse('standalone.jsonplus.json'), { runtimeSeconds: 5 })).toEqual([]);
    expect(findProblems(parse('cs-chatter-prefix-then-json.txt'))).toEqual([]);
  });

  it('reports a server that was down (fio exits 0, its entry is missing)', () => {
    const p = findProblems(parse('err-one-server-down.stdout.txt'), { clients: twoClients(8765, 8799) });
    expect(p).toEqual(['no results from w2 (fio server 127.0.0.1,8799)']);
    expect(errorLines(sample('err-one-server-down.stderr.txt').split('\n'))).toEqual(['fio: connect: Connection refused', 'fio: failed to connect to 127.0.0.1:8799']);
  });

  it('reports an unknown option: every job dropped, client_stats empty', () => {
    const p = findProblems(parse('err-invalid-option-client-mode.stdout.txt'), { clients: twoClients(8765, 8766) });
    expect(p).toContain('fio reported no job results (every job was dropped or never ran)');
    expect(p).toContain('fio said: <vm> Bad option <bogus_option=1>');
    expect(p).toContain('fio said: <vm> fio: job bad dropped');
  });

  it('reports a bad directory on one server: its entry is missing and the chatter says why', () => {
    const p = findProblems(parse('err-bad-directory-client-mode.stdout.txt'), { clients: twoClients(8765, 8766) });
    expect(p[0]).toBe('no results from w1 (fio server 127.0.0.1,8765)');
    expect(p.join('\n')).toMatch(/is not a directory/);
  });

  it('reports I/O errors by errno name, in client and standalone mode', () => {
    expect(errnoName(28)).toBe('ENOSPC');
    expect(findProblems(parse('err-io-error-errno28-client-mode.stdout.txt'))[0]).toBe("127.0.0.1,8765 job 'fullwrite' ended with error 28 (ENOSPC)");
    const p = findProblems(parse('err-io-error-errno28-standalone.stdout.txt'));
    expect(p[0]).toBe("job 'fullwrite' ended with error 28 (ENOSPC)");
    expect(p[1]).toMatch(/^fio said: fio: pid=\d+, err=28/);
  });

  it('reports partial results after SIGINT (fio exits 0 with valid JSON)', () => {
    const p = findProblems(parse('abort-sigint-partial-results.stdout.txt'), { runtimeSeconds: 20 });
    expect(p).toEqual(["127.0.0.1,8766 job 'randread4k' ran 6612 ms of the planned 20000 ms (stopped early: partial results)", "127.0.0.1,8765 job 'randread4k' ran 6611 ms of the planned 20000 ms (stopped early: partial results)"]);
  });

  it('reports the idle first client of `--client=A --client=B job.fio`', () => {
    const clients = [
      { host: '127.0.0.21', port: 8775, name: 'A' },
      { host: '127.0.0.22', port: 8775, name: 'B' },
    ];
    expect(findProblems(parse('quirk-jobfile-only-last-client.stdout.txt'), { clients })).toEqual(['no results from A (fio server 127.0.0.21,8775)']);
  });
});
