// Prints the HTML report's size (raw and gzip) and render time of real comparisons: synthetic run-perf histories of
// 4 builds × 2000 and 60 builds × 500 checks (bench/synthetic-trees.ts, the default method, the last build regressed)
// and the run-perf compat fixture (5 builds), with charts, without charts and as a small file; plus Chromium load time.
// Run: npx tsx bench/html-size.ts [--no-browser]
import { gzipSync } from 'node:zlib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { comparePerf } from '../src/compare/compare.js';
import { loadModels } from '../src/compare/models.js';
import { DEFAULT_METHOD, DEFAULT_METHOD_OPTIONS, createMethod } from '../src/compare/methods/index.js';
import { renderHtml } from '../src/compare/reporters/html/index.js';
import type { ComparisonReport } from '../src/compare/types.js';
import { launchChromium, newLoggedPage } from '../test/support/chromium.js';
import { COMPAT_RESULTS } from '../test/support/fixtures.js';
import { writeHistory } from './synthetic-trees.js';

const VARIANTS = [
  { name: 'with charts', opts: { withCharts: true, smallFile: false } },
  { name: 'no charts', opts: { withCharts: false, smallFile: false } },
  { name: 'small file', opts: { withCharts: false, smallFile: true } },
] as const;

/** Python run-perf's report size for the compat fixtures with charts (runperf-spec §4.6: ~1.2 MB). */
const PYTHON_WITH_CHARTS = 1.2e6;

function kb(n: number): string {
  return `${(n / 1024).toFixed(1)} KB`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

/** compare-perf's default comparison of a synthetic history (SRC, references, DST), as a nightly job runs it. */
function syntheticReport(builds: number, checks: number, cleanup: string[]): ComparisonReport {
  const h = writeHistory(builds, checks, { regressLast: true, prefix: 'perfgate-html-size-' });
  cleanup.push(h.dir);
  const options = { ...DEFAULT_METHOD_OPTIONS };
  return comparePerf({ results: h.results, cwd: h.dir, method: createMethod(DEFAULT_METHOD, options), methodOptions: options, mode: 'perfgate', version: 'bench' });
}

async function compatReport(): Promise<ComparisonReport> {
  const r = (p: string) => join(COMPAT_RESULTS, p);
  const options = { ...DEFAULT_METHOD_OPTIONS, tolerance: 5, stddevTolerance: 10, models: await loadModels([r('1_base/linear_model.json')]), modelBuildsAverage: 1, nOutOfResults: 1 };
  return comparePerf({
    results: [
      r('1_base/result_20200726_080654'),
      r('1_base/result_20200726_112748'),
      r('2_kernel_update/result_20200726_114437'),
      r('3_kernel_and_less_cpus/result_20200726_125851'),
      r('4_kernel_and_less_cpus_and_different_duration/result_20200726_130256'),
    ],
    cwd: COMPAT_RESULTS,
    method: createMethod('runperf', options),
    methodOptions: options,
    mode: 'runperf',
    version: 'bench',
  });
}

async function main(): Promise<void> {
  const browserWanted = !process.argv.includes('--no-browser');
  const dir = mkdtempSync(join(tmpdir(), 'perfgate-html-bench-'));
  const cleanup = [dir];
  const cases: { label: string; report: ComparisonReport }[] = [
    { label: 'synthetic 4 builds x 2000 checks', report: syntheticReport(4, 2000, cleanup) },
    { label: 'synthetic 60 builds x 500 checks', report: syntheticReport(60, 500, cleanup) },
    { label: 'run-perf compat fixture (5 builds, C04-like, runperf mode)', report: await compatReport() },
  ];
  console.log(`load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} CPUs (times scale with it)`);
  const browser = browserWanted ? await launchChromium() : undefined;
  renderHtml(cases[0]!.report, VARIANTS[0].opts); // warm-up: reads templates and uPlot once
  try {
    for (const { label, report } of cases) {
      const checks = report.builds.at(-1)?.results.length ?? 0;
      console.log(`\n${label}: ${report.builds.length} builds, ${checks} destination checks`);
      console.log('  variant       size        gzip      renderHtml (median of 5)  chromium load');
      for (const v of VARIANTS) {
        const times: number[] = [];
        let html = '';
        for (let i = 0; i < 5; i++) {
          const t = performance.now();
          html = renderHtml(report, v.opts);
          times.push(performance.now() - t);
        }
        const size = Buffer.byteLength(html);
        let load = '';
        if (browser) {
          const file = join(dir, `${v.name.replace(/ /g, '-')}.html`);
          writeFileSync(file, html);
          const { page } = await newLoggedPage(browser);
          const t = performance.now();
          await page.goto(pathToFileURL(file).href);
          await page.waitForFunction(() => (globalThis as unknown as { __rendered?: boolean }).__rendered === true);
          const js = await page.evaluate(() => (globalThis as unknown as { __renderMs?: number }).__renderMs ?? Number.NaN);
          load = `${(performance.now() - t).toFixed(0)} ms (page script ${js.toFixed(0)} ms)`;
          await page.context().close();
        }
        console.log(`  ${v.name.padEnd(12)} ${kb(size).padStart(10)} ${kb(gzipSync(html).length).padStart(10)}   ${median(times).toFixed(1).padStart(8)} ms          ${load}`);
        if (label.startsWith('run-perf') && v.opts.withCharts) {
          console.log(`  -> ${((100 * size) / PYTHON_WITH_CHARTS).toFixed(1)}% of the Python report's ~1.2 MB with charts (goal: <= 25%)`);
        }
      }
    }
  } finally {
    await browser?.close();
    for (const d of cleanup) rmSync(d, { recursive: true, force: true });
  }
}

await main();
