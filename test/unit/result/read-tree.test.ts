// The result-tree reader on good, broken and odd trees: checks, warnings, error checks, options and order.
import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/errors.js';
import { parseResultSpec, readResultTree } from '../../../src/result/index.js';
import { GOOD_RESULT, iteration, tmpRoot, writeTree } from './tree-builder.js';

const ids = (tree: { checks: readonly { id: string }[] }) => tree.checks.map((c) => c.id);

describe('readResultTree: good trees', () => {
  it('reads metadata and every mean/stddev check with unit, direction, samples and the run-perf id', () => {
    // a float written as 0.0 must stay a float (Python prints it as 0.0, not 0)
    const text = JSON.stringify(GOOD_RESULT).replace('"mean":250,"stddevpct":0', '"mean":250,"stddevpct":0.0');
    expect(text).toContain('0.0');
    const root = writeTree(tmpRoot(), { RUNPERF_METADATA: 'build:7\nmachine:127.0.0.1', 'Localhost/fio/0000/result.json': text });
    const t = readResultTree(root, '/');
    expect(t.metadata).toEqual({ build: '7\n', machine: '127.0.0.1' });
    expect(ids(t)).toEqual([
      'Localhost/fio/0000:./read-4KiB/latency/clat.mean',
      'Localhost/fio/0000:./read-4KiB/latency/clat.stddev',
      'Localhost/fio/0000:./read-4KiB/throughput/iops_sec.mean',
      'Localhost/fio/0000:./read-4KiB/throughput/iops_sec.stddev',
    ]);
    const iops = t.checks[2];
    expect(iops).toMatchObject({ value: 1000.5, valueIsInt: false, primary: true, unit: 'IOPS', direction: 'higher', samples: [990, 1011], source: 'Localhost/fio/0000/result.json' });
    expect(t.checks[0]).toMatchObject({ value: 250, valueIsInt: true, primary: false, direction: 'lower', unit: 'ns' });
    expect(t.checks[3]).toMatchObject({ value: 2, valueIsInt: true, kind: 'stddev', unit: '%', direction: 'lower' });
    expect(t.checks[1]).toMatchObject({ value: 0, valueIsInt: false });
    expect(iops?.params).toEqual({ '0': 'benchmark_name:fio\nbs:4k\nprimary_metric:iops_sec', user0: 'profile: Localhost' });
    expect(t.warnings).toEqual([]);
    expect(t.incomplete).toBe(false);
  });

  it('returns checks in sorted order whatever the creation order on disk', () => {
    const a = tmpRoot();
    const b = tmpRoot();
    const files = ['Zed/fio/0000', 'Alpha/fio/0001', 'Alpha/fio/0000', 'Mid/uperf/0000'];
    writeTree(a, Object.fromEntries(files.map((f) => [`${f}/result.json`, GOOD_RESULT])));
    writeTree(b, Object.fromEntries([...files].reverse().map((f) => [`${f}/result.json`, GOOD_RESULT])));
    const ta = ids(readResultTree(a, '/'));
    expect(ta).toEqual(ids(readResultTree(b, '/')));
    expect(ta).toEqual([...ta].sort());
    expect(ta[0]).toMatch(/^Alpha\/fio\/0000:/);
  });

  it('sorts a history of trees with the same layout, then trees of other layouts, each by id with its own values', () => {
    // iterations out of id order: the reader sorts; builds of one layout reuse the first build's permutation
    const result = (v: number, names: string[]) => names.map((n, i) => iteration(n, { 'throughput/iops_sec': { mean: v + i, stddevpct: 1 } }));
    const tree = (v: number, names: string[]) => readResultTree(writeTree(tmpRoot(), { 'Localhost/fio/0000/result.json': result(v, names) }), '/');
    const zyx = ['z-3', 'b-1', 'm-2'];
    const byName = (t: ReturnType<typeof tree>) => Object.fromEntries(t.checks.filter((c) => c.kind === 'mean').map((c) => [c.iteration, c.value]));
    for (const v of [100, 200, 300]) {
      const t = tree(v, zyx);
      expect(ids(t)).toEqual([...ids(t)].sort());
      expect(byName(t)).toEqual({ 'z-3': v, 'b-1': v + 1, 'm-2': v + 2 });
    }
    const other = tree(400, ['m-2', 'z-3', 'b-1', 'a-0']);
    expect(ids(other)).toEqual([...ids(other)].sort());
    expect(byName(other)).toEqual({ 'm-2': 400, 'z-3': 401, 'b-1': 402, 'a-0': 403 });
    const again = tree(500, zyx);
    expect(byName(again)).toEqual({ 'z-3': 500, 'b-1': 501, 'm-2': 502 });
    expect(ids(again)).toEqual([...ids(again)].sort());
  });

  it('renders the test parameters of each build when the builds of a history change them', () => {
    const withBs = (bs: string | number) => {
      const it0 = iteration('read-4KiB', { 'throughput/iops_sec': { mean: 1, stddevpct: 1 } });
      it0.iteration_data.parameters.benchmark = [{ benchmark_name: 'fio', primary_metric: 'iops_sec', bs: bs as string }];
      return [it0];
    };
    const paramsOf = (bs: string | number) => readResultTree(writeTree(tmpRoot(), { 'Localhost/fio/0000/result.json': withBs(bs) }), '/').checks[0]?.params['0'];
    expect(paramsOf('4k')).toBe('benchmark_name:fio\nbs:4k\nprimary_metric:iops_sec');
    expect(paramsOf('4k')).toBe('benchmark_name:fio\nbs:4k\nprimary_metric:iops_sec');
    expect(paramsOf('8k')).toBe('benchmark_name:fio\nbs:8k\nprimary_metric:iops_sec');
    expect(paramsOf(4096)).toBe('benchmark_name:fio\nbs:4096\nprimary_metric:iops_sec');
    expect(paramsOf('4k')).toBe('benchmark_name:fio\nbs:4k\nprimary_metric:iops_sec');
  });

  it('reads name:path specs (name only when the path exists) and relative paths', () => {
    const root = writeTree(tmpRoot(), { 'res/Localhost/fio/0000/result.json': GOOD_RESULT });
    expect(parseResultSpec('base:res', root)).toEqual({ name: 'base', path: join(root, 'res') });
    expect(parseResultSpec('res', root)).toEqual({ name: 'res', path: join(root, 'res') });
    expect(parseResultSpec('nope:res2', root)).toEqual({ name: 'nope:res2', path: join(root, 'nope:res2') });
    const t = readResultTree('base:res', root);
    expect(t.name).toBe('base');
    expect(t.checks).toHaveLength(4);
  });

  it('marks a tree with an INCOMPLETE file', () => {
    const root = writeTree(tmpRoot(), { INCOMPLETE: '', 'Localhost/fio/0000/result.json': GOOD_RESULT });
    expect(readResultTree(root, '/').incomplete).toBe(true);
  });
});

describe('readResultTree: bad input', () => {
  it('throws a one-line InputError with a hint for a missing path', () => {
    const root = tmpRoot();
    const e = (() => {
      try {
        readResultTree('missing_result', root);
      } catch (err) {
        return err;
      }
    })() as InputError;
    expect(e).toBeInstanceOf(InputError);
    expect(e.code).toBe('PERFGATE_RESULT_NOT_FOUND');
    expect(e.message).toBe(`result 'missing_result' does not exist (looked at ${join(root, 'missing_result')})`);
    expect(e.hint).toBeTruthy();
  });

  it('throws an InputError for a file given as a result', () => {
    const root = writeTree(tmpRoot(), { 'result.json': '[]' });
    expect(() => readResultTree('result.json', root)).toThrow(/is not a directory/);
  });

  it('gives no checks (and no crash) for a tree without any result.json', () => {
    const root = writeTree(tmpRoot(), { RUNPERF_METADATA: 'build:1\n', 'Localhost/fio/0000/other.txt': 'x', 'notes.txt': 'y' });
    const t = readResultTree(root, '/');
    expect(t.checks).toEqual([]);
    expect(t.metadata['build']).toBe('1\n');
  });

  it('turns malformed JSON into an error check naming the file, line and column, and keeps the valid serials', () => {
    const root = writeTree(tmpRoot(), {
      'Localhost/fio/0000/result.json': GOOD_RESULT,
      'Localhost/fio/0001/result.json': '[\n  {"iteration_name": "x",\n   "iteration_data": {oops}}\n]',
    });
    const t = readResultTree(root, '/');
    expect(ids(t)).toContain('Localhost/fio/0000:./read-4KiB/throughput/iops_sec.mean');
    const err = t.checks.find((c) => c.id === 'Localhost/fio/0001:./ERROR/ERROR/ERROR.error');
    expect(err?.value).toBe('Localhost/fio/0001/result.json: malformed JSON: expected a property name at line 3 column 23');
    expect(err?.primary).toBe(true);
    expect(t.warnings).toHaveLength(1);
    expect(t.warnings[0]?.file).toBe('Localhost/fio/0001/result.json');
    expect(t.warnings[0]?.message).toMatch(/line 3 column 23/);
  });

  it('names the JSON path of a wrong shape and reads the rest of the file; a file that is no list is an error check', () => {
    const root = writeTree(tmpRoot(), {
      'P/fio/0000/result.json': [
        iteration('good', { 'throughput/iops_sec': { mean: 5, stddevpct: 1 } }),
        { iteration_name: 'bad', iteration_data: { throughput: [1, 2] } },
        { iteration_name: 7 },
        'not an iteration',
        { iteration_name: 'noall', iteration_data: { throughput: { iops_sec: [{ client_hostname: 'h1', mean: 1, stddevpct: 1 }] } } },
      ],
      'P/fio/0001/result.json': { not: 'a list' },
    });
    const t = readResultTree(root, '/');
    expect(ids(t)).toEqual(['P/fio/0000:./good/throughput/iops_sec.mean', 'P/fio/0000:./good/throughput/iops_sec.stddev', 'P/fio/0001:./ERROR/ERROR/ERROR.error']);
    expect(t.checks[2]?.value).toBe('P/fio/0001/result.json: not a run-perf result: an object where a JSON list of iterations belongs');
    expect(t.warnings.map((w) => `${w.file}: ${w.message}`)).toEqual([
      'P/fio/0000/result.json: $[1].iteration_data.throughput: expected an object of metrics',
      'P/fio/0000/result.json: $[2].iteration_name: expected a string',
      'P/fio/0000/result.json: $[3]: expected an iteration object',
      'P/fio/0000/result.json: $[4].iteration_data.throughput.iops_sec: no entry with client_hostname "all"; metric skipped',
      'P/fio/0001/result.json: not a run-perf result: an object where a JSON list of iterations belongs (the serial is reported as an error check)',
    ]);
    // the lexical reader's path (integral values) says the same of null
    const lex = writeTree(tmpRoot(), { 'P/fio/0000/result.json': '{"mean": NaN}' });
    expect(readResultTree(lex, '/').checks[0]?.value).toBe('P/fio/0000/result.json: not a run-perf result: an object where a JSON list of iterations belongs');
    const none = writeTree(tmpRoot(), { 'P/fio/0000/result.json': 'null' });
    expect(readResultTree(none, '/').checks[0]?.value).toBe('P/fio/0000/result.json: not a run-perf result: null where a JSON list of iterations belongs');
  });

  it('reads no FIFO or device (which would block or never end): they become error checks and warnings', () => {
    const root = writeTree(tmpRoot(), { 'P/fio/0000/result.json': GOOD_RESULT, 'P/fio/0002/__error0__/x': 'x' });
    mkdirSync(join(root, 'P/fio/0001'));
    const fifo = (path: string) => expect(spawnSync('mkfifo', [path]).status).toBe(0);
    fifo(join(root, 'P/fio/0001/result.json'));
    fifo(join(root, 'RUNPERF_METADATA'));
    fifo(join(root, 'P/fio/0002/__error0__/exception'));
    mkdirSync(join(root, 'P/fio/0003'));
    symlinkSync('/dev/zero', join(root, 'P/fio/0003/result.json'));
    const t = readResultTree(root, '/');
    const byId = new Map(t.checks.map((c) => [c.id, c]));
    expect(byId.get('P/fio/0001:./ERROR/ERROR/ERROR.error')?.value).toBe('P/fio/0001/result.json: unreadable: ENOTREG: a named pipe (FIFO) is not a regular file');
    expect(byId.get('P/fio/0003:./ERROR/ERROR/ERROR.error')?.value).toBe('P/fio/0003/result.json: unreadable: ENOTREG: a device is not a regular file');
    // run-perf's own failure folder: its exception text is unknown, and why
    expect(byId.get('P/fio/0002:./ERROR/ERROR/ERROR.error')?.value).toBe('<Unknown exception: the exception file cannot be read (ENOTREG)>');
    expect(t.warnings.map((w) => `${w.file}: ${w.message}`)).toContain('RUNPERF_METADATA: unreadable (ENOTREG); metadata ignored');
    expect(ids(t).filter((id) => id.startsWith('P/fio/0000:') && !id.endsWith('.error')).length).toBeGreaterThan(0);
  });

  it('skips NaN, Infinity, strings and nulls where numbers belong, with a warning naming the field', () => {
    const text = JSON.stringify([iteration('it', { 'throughput/iops_sec': { mean: 'fast', stddevpct: null }, 'latency/clat': { mean: 0, stddevpct: 1 } })]).replace('"mean":0', '"mean":NaN');
    const root = writeTree(tmpRoot(), { 'P/fio/0000/result.json': text });
    const t = readResultTree(root, '/');
    expect(ids(t)).toEqual(['P/fio/0000:./it/latency/clat.stddev']);
    expect(t.warnings.map((w) => w.message)).toEqual([
      '$[0].iteration_data.throughput.iops_sec[1].mean: expected a finite number, got fast; check skipped',
      '$[0].iteration_data.throughput.iops_sec[1].stddevpct: expected a finite number, got null; check skipped',
      '$[0].iteration_data.latency.clat[1].mean: expected a finite number, got NaN; check skipped',
    ]);
    const inf = writeTree(tmpRoot(), { 'P/fio/0000/result.json': JSON.stringify([iteration('it', { 'throughput/iops_sec': { mean: 1, stddevpct: 2 } })]).replace('"mean":1,"stddevpct":2', '"mean":-Infinity,"stddevpct":2') });
    expect(ids(readResultTree(inf, '/'))).toEqual(['P/fio/0000:./it/throughput/iops_sec.stddev']);
  });
});

describe('readResultTree: __error*__ folders', () => {
  it('turns __error*__ folders at depth 0-3 into primary .error checks with * for missing levels', () => {
    const root = writeTree(tmpRoot(), {
      '__error0__/exception': 'root failure',
      'Prof/__error1__/exception': 'profile failure',
      'Prof/__error1__/traceback': 'tb',
      'Prof/fio/__error0__/exception': 'test failure',
      'Prof/fio/1/__error0__/exception': 'attempt failure',
      'Prof/fio/2/__error0__/details': 'no exception file',
      'Prof/fio/0000/result.json': GOOD_RESULT,
    });
    const t = readResultTree(root, '/');
    const errors = t.checks.filter((c) => c.kind === 'error');
    expect(errors.map((c) => [c.id, c.value])).toEqual([
      ['*/*/*:./ERROR/ERROR/ERROR.error', 'root failure'],
      ['Prof/*/*:./ERROR/ERROR/ERROR.error', 'profile failure'],
      ['Prof/fio/*:./ERROR/ERROR/ERROR.error', 'test failure'],
      ['Prof/fio/1:./ERROR/ERROR/ERROR.error', 'attempt failure'],
      ['Prof/fio/2:./ERROR/ERROR/ERROR.error', '<Unknown exception>'],
    ]);
    expect(errors.every((c) => c.primary)).toBe(true);
    expect(Object.keys(errors[1]?.params ?? {})).toEqual(['exception', 'traceback']);
    expect(errors[1]?.params['exception']).toMatch(/^[0-9a-f]{40}$/);
    expect(t.checks.filter((c) => c.kind !== 'error')).toHaveLength(4);
  });

  it('ignores __error*__ folders deeper than a serial', () => {
    const root = writeTree(tmpRoot(), { 'P/fio/0000/iteration1/__error0__/exception': 'deep' });
    expect(readResultTree(root, '/').checks).toEqual([]);
  });
});

describe('readResultTree: incorrect results', () => {
  const root = writeTree(tmpRoot(), {
    'P/fio/0000/result.json': [iteration('read', { 'throughput/iops_sec': { mean: 1, stddevpct: 1 } }), iteration('read-fail1', { 'throughput/iops_sec': { mean: 2, stddevpct: 1 } })],
    'P/fio/tmpa1b2c3/result.json': [iteration('write', { 'throughput/iops_sec': { mean: 3, stddevpct: 1 } })],
  });
  it('skips non-numeric serials and -failN iterations by default', () => {
    expect(ids(readResultTree(root, '/'))).toEqual(['P/fio/0000:./read/throughput/iops_sec.mean', 'P/fio/0000:./read/throughput/iops_sec.stddev']);
  });
  it('reads them with includeIncorrect', () => {
    expect(ids(readResultTree(root, '/', { includeIncorrect: true }))).toEqual([
      'P/fio/0000:./read-fail1/throughput/iops_sec.mean',
      'P/fio/0000:./read-fail1/throughput/iops_sec.stddev',
      'P/fio/0000:./read/throughput/iops_sec.mean',
      'P/fio/0000:./read/throughput/iops_sec.stddev',
      'P/fio/tmpa1b2c3:./write/throughput/iops_sec.mean',
      'P/fio/tmpa1b2c3:./write/throughput/iops_sec.stddev',
    ]);
  });
});

describe('readResultTree: layout details', () => {
  it('follows symlinked profile/test/serial folders like run-perf glob does', () => {
    const store = writeTree(tmpRoot(), { 'real/0000/result.json': GOOD_RESULT });
    const root = tmpRoot();
    mkdirSync(join(root, 'P'));
    symlinkSync(join(store, 'real'), join(root, 'P', 'fio'));
    expect(ids(readResultTree(root, '/'))).toHaveLength(4);
  });

  it('ignores hidden folders, which run-perf glob does not match', () => {
    const root = writeTree(tmpRoot(), { '.cache/fio/0000/result.json': GOOD_RESULT, 'P/.fio/0000/result.json': GOOD_RESULT, 'P/fio/0000/result.json': GOOD_RESULT });
    expect(ids(readResultTree(root, '/')).every((id) => id.startsWith('P/fio/0000:'))).toBe(true);
  });

  it('a result.json that is a folder becomes an error check, not a crash', () => {
    const root = writeTree(tmpRoot(), { 'P/fio/0000/result.json/x': 'y' });
    const t = readResultTree(root, '/');
    expect(ids(t)).toEqual(['P/fio/0000:./ERROR/ERROR/ERROR.error']);
  });

  it('a RUNPERF_METADATA folder is a warning, not a crash', () => {
    const root = writeTree(tmpRoot(), { 'RUNPERF_METADATA/x': 'y', 'P/fio/0000/result.json': GOOD_RESULT });
    const t = readResultTree(root, '/');
    expect(t.metadata).toEqual({});
    expect(t.warnings.map((w) => w.file)).toEqual(['RUNPERF_METADATA']);
  });

  it('keeps renamed trees readable (only the folder content matters)', () => {
    const root = writeTree(tmpRoot(), { 'a/P/fio/0000/result.json': GOOD_RESULT });
    renameSync(join(root, 'a'), join(root, 'b'));
    writeFileSync(join(root, 'b', 'RUNPERF_METADATA'), '# comment\nno colon here\nk:v\n');
    const t = readResultTree('b', root);
    expect(t.metadata).toEqual({ k: 'v\n' });
    expect(t.warnings).toEqual([{ file: 'RUNPERF_METADATA', message: "line 2 has no ':' and was ignored" }]);
  });
});
