// Bundles each CLI (dist/cli/*.js, built by tsc) into dist/bin/ so a command loads a few files instead of ~60 modules.
// Dependencies stay external (node_modules) except picocolors; lazily imported parts (HTML reporter, SSH, Kubernetes) become chunks loaded on demand.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bare imports (packages, node: builtins) stay external, except the listed packages, which are bundled. */
function externalDependencies(bundled) {
  return {
    name: 'external-dependencies',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => (bundled.includes(args.path) ? undefined : { path: args.path, external: true }));
    },
  };
}

const root = fileURLToPath(new globalThis.URL('..', import.meta.url));
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
    // dependencies stay in node_modules, except picocolors: imported from ESM, a CommonJS package costs Node's
    // CommonJS lexer (~30 M instructions, measured with callgrind) on every compare-perf start
    plugins: [externalDependencies(['picocolors'])],
    // dist/bin sits at the same depth as dist/cli, so import.meta.url-relative paths (package.json, templates/) still resolve
    logLevel: 'warning',
  });
}
