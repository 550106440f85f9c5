// Writes the built compare-perf's reports for fixed inputs, normalised, so that two builds can be diffed byte for byte.
// Usage: npm run build && node --import tsx bench/report-identity.ts OUTDIR
//        (again for the other build, e.g. in a git worktree of the base commit) then: diff -r OUTDIR_A OUTDIR_B
// Inputs: a deterministic synthetic 60-build history (bench/synthetic-trees.ts; 7-build tail too) with and without a
// run-perf model, charts or a small file, and every run-perf compat case C* of test/fixtures in both modes.
// Per case: NAME.json, NAME.xml, NAME.html, NAME.out (console and exit code) and NAME.err; timestamps and the
// temporary history's path are replaced by TIME and HISTORY. Speed work must leave all of them unchanged.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeHistory, writeModel } from './synthetic-trees.js';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const COMPARE = join(REPO, 'dist/bin/compare-perf.cjs');
const COMPAT = join(REPO, 'test/fixtures/runperf-compat');
const out = process.argv[2];
if (!out) throw new Error('usage: node --import tsx bench/report-identity.ts OUTDIR');
if (!existsSync(COMPARE)) throw new Error(`${COMPARE} is missing: run npm run build first`);
const OUT = resolve(out);
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const history = writeHistory(60, 500, { regressLast: true, prefix: 'perfgate-identity-' });
const cache = join(history.dir, 'cache');
const TIME = /20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?/g;

/** Run compare-perf with all reports into OUT/name.*, then normalise them. */
function run(name: string, args: string[], cwd: string): void {
  const files = { json: join(OUT, `${name}.json`), xml: join(OUT, `${name}.xml`), html: join(OUT, `${name}.html`) };
  const r = spawnSync(process.execPath, [COMPARE, '--json', files.json, '--xunit', files.xml, '--html', files.html, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, PERFGATE_CACHE_DIR: cache },
  });
  writeFileSync(join(OUT, `${name}.out`), `${r.stdout}exit ${r.status}\n`);
  writeFileSync(join(OUT, `${name}.err`), r.stderr);
  for (const f of [...Object.values(files), join(OUT, `${name}.out`), join(OUT, `${name}.err`)]) {
    if (!existsSync(f)) continue;
    writeFileSync(f, readFileSync(f, 'utf8').replace(TIME, 'TIME').split(history.dir).join('HISTORY'));
  }
}

try {
  writeModel(join(history.dir, 'model.json'), 500);
  const all = history.results;
  const last7 = all.slice(-7);
  const model = ['-l', join(history.dir, 'model.json'), '--'];
  run('s60model', [...model, ...all], REPO);
  run('s60', ['--', ...all], REPO);
  run('s60charts', ['--html-with-charts', '--', ...all], REPO);
  run('s60small', ['--html-small-file', '--', ...all], REPO);
  run('s7', ['--', ...last7], REPO);
  run('s7compat', ['--compat', 'runperf', ...model, ...last7], REPO);
  for (const c of readdirSync(join(COMPAT, 'expected')).filter((n) => /^C\d+$/.test(n)).sort()) {
    const words = readFileSync(join(COMPAT, 'expected', c, 'cmd'), 'utf8').trim().split(/\s+/).slice(1);
    const scratch = join(history.dir, `${c}-out`);
    mkdirSync(scratch, { recursive: true });
    const args = words.map((w) => w.split('@O@').join(scratch));
    run(`${c}compat`, ['--compat', 'runperf', ...args], join(COMPAT, 'results'));
    run(c, args, join(COMPAT, 'results'));
  }
  console.log(`wrote ${readdirSync(OUT).length} files to ${OUT}`);
} finally {
  rmSync(history.dir, { recursive: true, force: true });
}
