// Bundles each CLI (dist/cli/*.js, built by tsc) into dist/bin/ so a command loads a few files instead of ~60 modules.
// Dependencies stay external (node_modules); lazily imported parts (HTML reporter, SSH, Kubernetes) become chunks loaded on demand.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Bare imports (packages, node: builtins) stay external. */
function externalDependencies() {
  return {
    name: 'external-dependencies',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => ({ path: args.path, external: true }));
    },
  };
}

/**
 * `node:fs` as a plain module over process.getBuiltinModule. Node's ESM facade of a builtin reads every export,
 * which for node:fs runs its lazy getters (promises, ReadStream, ...) and loads ~30 modules (fs/promises, readline,
 * the stream stack): 3-4 ms of every start, measured with `await import('node:fs')` against `node:path`. The shim
 * exports fs's plain properties; importing one of its getters fails the build (esbuild: no matching export).
 */
function fsWithoutFacade() {
  const fs = createRequire(import.meta.url)('node:fs');
  const names = Object.entries(Object.getOwnPropertyDescriptors(fs))
    .filter(([name, d]) => 'value' in d && /^[A-Za-z_$][\w$]*$/.test(name) && name !== 'default')
    .map(([name]) => name);
  const contents = [
    "const fs = process.getBuiltinModule('node:fs');",
    ...names.map((n) => `export const ${n} = fs.${n};`),
    'export default fs;',
  ].join('\n');
  return {
    name: 'fs-without-facade',
    setup(b) {
      b.onResolve({ filter: /^(node:)?fs$/ }, () => ({ path: 'node:fs', namespace: 'fs-shim' }));
      b.onLoad({ filter: /.*/, namespace: 'fs-shim' }, () => ({ contents, loader: 'js' }));
    },
  };
}

const root = fileURLToPath(new globalThis.URL('..', import.meta.url));

/**
 * The CSP hashes of the scripts a report inlines (templates/report.js, uPlot), keyed by their exact inlined text, for
 * html/assets.ts's cspHash: a report then needs no node:crypto (which loads ~30 modules). Computed with the very
 * functions the report uses, from tsc's output; an edited template simply misses the table and is hashed at run time.
 */
async function scriptHashes() {
  const { cspHash } = await import(pathToFileURL(join(root, 'dist/compare/reporters/html/assets.js')).href);
  const { inlineScript } = await import(pathToFileURL(join(root, 'dist/compare/reporters/html/escape.js')).href);
  const uplot = join(dirname(createRequire(join(root, 'package.json')).resolve('uplot')), 'uPlot.iife.min.js');
  const table = {};
  for (const file of [join(root, 'templates/report.js'), uplot]) {
    const text = inlineScript(readFileSync(file, 'utf8'));
    table[text] = cspHash(text);
  }
  return table;
}
// a string literal (JSON of the table): an object define would be hoisted into the chunk every command loads
const SCRIPT_HASHES = JSON.stringify(JSON.stringify(await scriptHashes()));
const CLIS = ['run-perf', 'analyze-perf', 'compare-perf', 'diff-perf', 'strip-run-perf', 'bisect-perf', 'nightly-perf'];
const outdir = join(root, 'dist/bin');
rmSync(outdir, { recursive: true, force: true });
// One build per CLI: chunks are then split only at the CLI's own lazy imports, not wherever two CLIs share a
// module (compare-perf loaded 29 modules, now 7; its 60-build run costs ~7 % fewer instructions, callgrind).
for (const name of CLIS) {
  await build({
    entryPoints: [join(root, 'dist/cli', `${name}.js`)],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // dependencies stay in node_modules (the console colours are our own: importing a CommonJS package from ESM
    // started Node's CommonJS lexer on every compare-perf start, and picocolors touched process.stdout as it loaded)
    plugins: [fsWithoutFacade(), externalDependencies()],
    define: { PERFGATE_SCRIPT_HASHES: SCRIPT_HASHES },
    // dist/bin sits at the same depth as dist/cli, so import.meta.url-relative paths (package.json, templates/) still resolve
    logLevel: 'warning',
  });
}
