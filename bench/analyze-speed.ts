// Prints analyze-perf's wall time, CPU time and peak RSS on synthetic run-perf histories (builds x checks), e.g. 50 x 2000.
// Usage: npx tsx bench/analyze-speed.ts [BUILDSxCHECKS ...]   (default: 2x500 60x500 50x2000 1000x500)
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureChild } from './measure-child.js';
import { parseSizes, writeHistory } from './synthetic-trees.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const dist = join(REPO, 'dist/bin/analyze-perf.cjs');
const bin = existsSync(dist) ? [dist] : ['--import', `file://${join(REPO, 'node_modules/tsx/dist/loader.mjs')}`, join(REPO, 'src/cli/analyze-perf.ts')];

function measure(builds: number, checks: number): void {
  const h = writeHistory(builds, checks, { prefix: 'perfgate-analyze-bench-' });
  try {
    const out = (f: string) => join(h.dir, f);
    const r = measureChild([process.execPath, ...bin, '-s', out('stddev.json'), '-l', out('linear.json'), '-c', out('data.csv'), '--', ...h.results]);
    if (r.status !== 0) throw new Error(`analyze-perf failed (${r.status}): ${r.stderr.slice(-2000)}`);
    const values = builds * h.checksPerBuild;
    console.log(
      `${String(builds).padStart(5)} builds x ${String(h.checksPerBuild).padStart(5)} checks: wall ${r.wall.toFixed(3)} s, CPU ${r.cpu.toFixed(2)} s, peak RSS ${r.rssMb.toFixed(1)} MB, ${((r.cpu * 1e6) / values).toFixed(2)} us CPU per value (-l, -s and -c)`,
    );
  } finally {
    rmSync(h.dir, { recursive: true, force: true });
  }
}

console.log(`analyze-perf via ${existsSync(dist) ? 'dist/ (built)' : 'tsx (run npm run build first for production figures)'}; Node ${process.version}`);
for (const { builds, checks } of parseSizes(process.argv.slice(2), ['2x500', '60x500', '50x2000', '1000x500'])) measure(builds, checks);
