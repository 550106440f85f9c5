// Prints compare-perf's wall time, CPU time and peak RSS on synthetic run-perf histories (SRC + refs + DST), e.g. 10 builds x 5000 checks.
// Usage: npx tsx bench/compare-speed.ts [BUILDSxCHECKS ...]   (default: 2x500 60x500 10x5000 1000x500)
// Runs dist/bin/compare-perf.cjs when built (npm run build), else src through tsx (much slower start-up);
// COMPARE_PERF_JS=/path/to/compare-perf.js picks another build.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureChild } from './measure-child.js';
import { parseSizes, writeHistory, writeModel } from './synthetic-trees.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const dist = process.env['COMPARE_PERF_JS'] ?? join(REPO, 'dist/bin/compare-perf.cjs');
const bin = existsSync(dist) ? [dist] : ['--import', `file://${join(REPO, 'node_modules/tsx/dist/loader.mjs')}`, join(REPO, 'src/cli/compare-perf.ts')];

function run(label: string, argv: string[], values: number): void {
  const r = measureChild([process.execPath, ...bin, ...argv]);
  if (r.status !== 0 && r.status !== 2 && r.status !== 3) throw new Error(`compare-perf failed (${r.status}): ${r.stderr.slice(-2000)}`);
  console.log(
    `  ${label.padEnd(44)} wall ${r.wall.toFixed(3)} s, CPU ${r.cpu.toFixed(2)} s, peak RSS ${r.rssMb.toFixed(1)} MB, ${((r.cpu * 1e6) / values).toFixed(2)} us CPU per value, exit ${r.status}`,
  );
}

function measure(builds: number, checks: number): void {
  // the last build loses 8 % IOPS (and gains 8 % latency) on every 10th iteration
  const h = writeHistory(builds, checks, { regressLast: true, prefix: 'perfgate-compare-bench-' });
  try {
    const out = (f: string) => join(h.dir, f);
    writeModel(out('model.json'), checks);
    const values = builds * h.checksPerBuild;
    console.log(`${builds} builds x ${h.checksPerBuild} checks (${values} values):`);
    run('--compat runperf -l model --xunit --html', ['--compat', 'runperf', '-l', out('model.json'), '--xunit', out('a.xml'), '--html', out('a.html'), '--', ...h.results], values);
    run('--method tolerance -l model --xunit --html', ['--method', 'tolerance', '-l', out('model.json'), '--xunit', out('b.xml'), '--html', out('b.html'), '--', ...h.results], values);
    run('default method --xunit --json', ['--xunit', out('c.xml'), '--json', out('c.json'), '--', ...h.results], values);
  } finally {
    rmSync(h.dir, { recursive: true, force: true });
  }
}

{
  const r = measureChild([process.execPath, ...bin, '--help']);
  console.log(`compare-perf --help: wall ${r.wall.toFixed(3)} s, CPU ${r.cpu.toFixed(2)} s (${existsSync(dist) ? 'dist' : 'tsx from src'})`);
}
for (const { builds, checks } of parseSizes(process.argv.slice(2), ['2x500', '60x500', '10x5000', '1000x500'])) measure(builds, checks);
