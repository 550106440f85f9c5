// Bundles each CLI (dist/cli/*.js, built by tsc) into dist/bin/ so a command loads a few files instead of ~60 modules.
// The offline CLIs become one CommonJS script each, run through V8's code cache (src/cli/code-cache.ts); the others stay
// ES modules whose lazily imported parts (SSH, Kubernetes) are chunks loaded on demand, with dependencies in node_modules.
import { build } from 'esbuild';
import { createHash } from 'node:crypto';
import { createRequire, isBuiltin } from 'node:module';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
/**
 * The CLIs shipped as `<cli>.bundle.cjs` plus a small launcher `<cli>.cjs` that runs it with V8's code cache: the short,
 * offline commands whose start-up is a large share of their time (compare-perf's 60-build run: -10 % instructions,
 * -20 ms). The launcher is CommonJS too: an ES entry starts Node's ESM loader, 8-13 ms of `--help` (measured: 53-59 →
 * 45-46 ms) and -7 % of the 60-build run's main-thread instructions. Their bundles may use nothing but Node's
 * builtins, statically: a script compiled by node:vm cannot import().
 */
const CODE_CACHED = new Set(['analyze-perf', 'compare-perf', 'diff-perf', 'strip-run-perf']);
const outdir = join(root, 'dist/bin');
rmSync(outdir, { recursive: true, force: true });

/** Fails the build when a code-cached CLI would need a package or a dynamic import at run time. */
function builtinsOnly(name) {
  return {
    name: 'builtins-only',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (!isBuiltin(args.path) || args.kind === 'dynamic-import') {
          return { errors: [{ text: `${name} is code-cached (scripts/bundle-cli.mjs): it cannot ${args.kind === 'dynamic-import' ? 'import() ' : 'depend on '}${args.path}; drop it from CODE_CACHED` }] };
        }
        return { path: args.path, external: true };
      });
    },
  };
}

/** `<cli>.bundle.cjs` (the whole command) and `<cli>.cjs` (launcher: code-cache.ts, with the bundle's build hash). */
async function buildCodeCached(name) {
  const entry = readFileSync(join(root, 'dist/cli', `${name}.js`), 'utf8');
  // the ES entry awaits main() at its top level, which a script cannot; main() never rejects (cli/main.ts)
  const contents = entry.replace(/^#!.*\n/, '').replace(/^await main\(/m, 'void main(');
  if (!/^void main\(/m.test(contents)) throw new Error(`dist/cli/${name}.js: no top-level 'await main(' to run`);
  const bundle = await build({
    stdin: { contents, resolveDir: join(root, 'dist/cli'), sourcefile: `dist/cli/${name}.js`, loader: 'js' },
    outfile: join(outdir, `${name}.bundle.cjs`),
    write: false,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    plugins: [builtinsOnly(name)],
    define: { PERFGATE_SCRIPT_HASHES: SCRIPT_HASHES, 'import.meta.url': '__perfgateImportMetaUrl' },
    // strict as the ES modules it is built from (esbuild hoists functions out of its strict wrappers); then the URL
    banner: { js: '"use strict";\nvar __perfgateImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
    logLevel: 'silent',
  });
  // any other import.meta (e.g. resolve) would be undefined in a script: esbuild warns, and the build stops
  if (bundle.warnings.length > 0) throw new Error(`${name}: ${bundle.warnings.map((w) => w.text).join('; ')}`);
  const [out] = bundle.outputFiles;
  writeFileSync(out.path, out.contents);
  const hash = createHash('sha256').update(out.contents).digest('hex').slice(0, 16);
  await build({
    stdin: {
      contents: `import { join } from 'node:path';\nimport { launchWithCodeCache } from './code-cache.js';\nlaunchWithCodeCache(join(__dirname, '${name}.bundle.cjs'), '${name}', '${hash}');\n`,
      resolveDir: join(root, 'dist/cli'),
      sourcefile: `${name}-launcher.js`,
      loader: 'js',
    },
    outfile: join(outdir, `${name}.cjs`),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node\n"use strict";' },
    plugins: [builtinsOnly(`${name}'s launcher`)],
    logLevel: 'warning',
  });
  chmodSync(join(outdir, `${name}.cjs`), 0o755); // esbuild marks a file executable only for an entry's own #! line
}

// One build per CLI: chunks are then split only at the CLI's own lazy imports, not wherever two CLIs share a
// module (compare-perf loaded 29 modules, now 7; its 60-build run costs ~7 % fewer instructions, callgrind).
for (const name of CLIS) {
  if (CODE_CACHED.has(name)) {
    await buildCodeCached(name);
    continue;
  }
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

// The tree reader's worker thread (result/read-worker.ts): read-trees.ts starts ./read-worker.js beside its own module,
// which in every bundle is dist/bin.
await build({
  entryPoints: [join(root, 'dist/result/read-worker.js')],
  outfile: join(outdir, 'read-worker.js'),
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [fsWithoutFacade(), externalDependencies()],
  logLevel: 'warning',
});
