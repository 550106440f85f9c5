// Issue #2's performance table: wall, CPU and peak RSS of the built analyze-perf and compare-perf per history size.
// Usage: npm run build && npm run bench:speed -- [--repeat N] [BUILDSxCHECKS ...]   (default: 2x500 60x500 1000x500)
// Targets: compare-perf --help < 0.1 s; 60 builds < 0.25 s; 1,000 builds < 3 s and 300 MB; linear in builds × checks.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureChild, median, type ChildFigures } from './measure-child.js';
import { parseSizes, writeHistory, writeModel } from './synthetic-trees.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const ANALYZE = join(REPO, 'dist/bin/analyze-perf.cjs');
const COMPARE = join(REPO, 'dist/bin/compare-perf.cjs');

const args = process.argv.slice(2);
let repeat = 3;
const repeatAt = args.indexOf('--repeat');
if (repeatAt >= 0) {
  repeat = Number(args[repeatAt + 1]);
  args.splice(repeatAt, 2);
  if (!Number.isInteger(repeat) || repeat < 1) throw new Error('--repeat takes a positive integer');
}
for (const f of [ANALYZE, COMPARE]) if (!existsSync(f)) throw new Error(`${f} is missing: run npm run build first`);

/**
 * NODE_EXTRA_CA_CERTS makes Node 20 read and parse that certificate file at every start, before any of our code
 * runs (measured here: ~70 ms for Debian's 144-certificate bundle, which some sandboxes and corporate CI set). When
 * it is set, the rows that show start-up are repeated without it, labelled, so both figures are visible.
 */
const EXTRA_CA = process.env['NODE_EXTRA_CA_CERTS'];
const NO_CA = ', no NODE_EXTRA_CA_CERTS';
const withoutExtraCa = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env['NODE_EXTRA_CA_CERTS'];
  return env;
};

/**
 * Run a command `repeat` times; the row shows the median wall time and its range (this shared host's speed swings by a
 * quarter within minutes: the range shows how far), the median CPU and the largest peak RSS.
 */
function row(label: string, argv: string[], ok: (r: ChildFigures) => boolean, values: number, env?: NodeJS.ProcessEnv): void {
  const runs: ChildFigures[] = [];
  for (let k = 0; k < repeat; k++) {
    const r = measureChild([process.execPath, ...argv], { env });
    if (!ok(r)) throw new Error(`${label} failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
    runs.push(r);
  }
  const walls = runs.map((r) => r.wall);
  const wall = median(walls);
  const range = `${Math.min(...walls).toFixed(3)}-${Math.max(...walls).toFixed(3)}`;
  const cpu = median(runs.map((r) => r.cpu));
  const rss = Math.max(...runs.map((r) => r.rssMb));
  const per = values > 0 ? `${((cpu * 1e6) / values).toFixed(2)}`.padStart(8) : ''.padStart(8);
  console.log(`| ${label.padEnd(52)} | ${wall.toFixed(3).padStart(7)} | ${range.padStart(11)} | ${cpu.toFixed(2).padStart(6)} | ${rss.toFixed(0).padStart(5)} | ${per} |`);
}

// The CLIs cache parsed trees (result/tree-cache.ts): "cold" rows pass --no-cache, "warm" rows read a cache that
// the first warm-up run filled. Trees younger than 2 s are never cached, so the script waits that long first.
// The code cache (cli/code-cache.ts, in the same folder) is filled by each CLI's first run and used by every row after
// it, cold ones too: "cold" is about parsing results.
const CACHE = mkdtempSync(join(tmpdir(), 'perfgate-cli-speed-cache-'));
process.env['PERFGATE_CACHE_DIR'] = CACHE;
const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

const load = loadavg().map((x) => x.toFixed(1)).join(' ');
console.log(`Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${load}; median of ${repeat} runs`);
if (EXTRA_CA !== undefined) console.log(`NODE_EXTRA_CA_CERTS is set (${EXTRA_CA}): Node reads it at every start; rows marked '${NO_CA.slice(2)}' run without it`);
console.log(`| ${'command'.padEnd(52)} | wall s  | wall range  | CPU s  | RSS MB | CPU us/value |`);
console.log(`| ${'-'.repeat(52)} | ------: | ----------: | -----: | -----: | -------: |`);
row("node -e 0 (Node's own start, for reference)", ['-e', '0'], (r) => r.status === 0, 0);
if (EXTRA_CA !== undefined) row(`node -e 0${NO_CA}`, ['-e', '0'], (r) => r.status === 0, 0, withoutExtraCa());
row('compare-perf --help', [COMPARE, '--help'], (r) => r.status === 0, 0);
if (EXTRA_CA !== undefined) row(`compare-perf --help${NO_CA}`, [COMPARE, '--help'], (r) => r.status === 0, 0, withoutExtraCa());

for (const { builds, checks } of parseSizes(args, ['2x500', '60x500', '1000x500'])) {
  const h = writeHistory(builds, checks, { regressLast: true, prefix: 'perfgate-cli-speed-' });
  try {
    const values = builds * h.checksPerBuild;
    const size = `${builds} x ${h.checksPerBuild}`;
    const out = (f: string) => join(h.dir, f);
    // analyze-perf learns from the history (the destination excluded), compare-perf uses a fixed model so every size decides the same checks
    const learn = h.results.length > 1 ? h.results.slice(0, -1) : h.results;
    sleep(2100);
    // warm-up: fills the tree cache (not measured)
    measureChild([process.execPath, ANALYZE, '-c', out('warmup.csv'), ...h.results]);
    const learned = learn.length * h.checksPerBuild;
    row(`${size}: analyze-perf -l -s, cold`, [ANALYZE, '--no-cache', '-l', out('l.json'), '-s', out('s.json'), ...learn], (r) => r.status === 0, learned);
    row(`${size}: analyze-perf -l -s, warm`, [ANALYZE, '-l', out('l.json'), '-s', out('s.json'), ...learn], (r) => r.status === 0, learned);
    writeModel(out('model.json'), checks);
    const reports = ['--xunit', out('r.xml'), '--html', out('r.html')];
    const decided = (r: ChildFigures) => r.status === 0 || r.status === 2;
    row(`${size}: compare-perf -l model --xunit --html, cold`, [COMPARE, '--no-cache', '-l', out('model.json'), ...reports, '--', ...h.results], decided, values);
    row(`${size}: compare-perf -l model --xunit --html, warm`, [COMPARE, '-l', out('model.json'), ...reports, '--', ...h.results], decided, values);
    if (EXTRA_CA !== undefined) row(`${size}: same, warm${NO_CA}`, [COMPARE, '-l', out('model.json'), ...reports, '--', ...h.results], decided, values, withoutExtraCa());
    row(`${size}: compare-perf --xunit, warm`, [COMPARE, '--xunit', out('r.xml'), '--', ...h.results], decided, values);
    row(`${size}: compare-perf --compat runperf (same), cold`, [COMPARE, '--no-cache', '--compat', 'runperf', '-l', out('model.json'), ...reports, '--', ...h.results], decided, values);
    row(`${size}: compare-perf --compat runperf (same), warm`, [COMPARE, '--compat', 'runperf', '-l', out('model.json'), ...reports, '--', ...h.results], decided, values);
  } finally {
    rmSync(h.dir, { recursive: true, force: true });
  }
}
rmSync(CACHE, { recursive: true, force: true });
console.log(`load average after: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
