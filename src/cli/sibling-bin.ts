// argv prefix that starts another perfgate binary with the same Node, from dist (built) or src (tsx, in tests).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * e.g. siblingBin('compare-perf') → [node, /…/dist/bin/compare-perf.cjs]: in dist/bin the offline CLIs are `<cli>.cjs`
 * launchers (scripts/bundle-cli.mjs) and the others `<cli>.js`; in dist/cli every CLI is `<cli>.js`.
 */
export function siblingBin(name: string): string[] {
  for (const ext of ['cjs', 'js']) {
    const built = fileURLToPath(new URL(`./${name}.${ext}`, import.meta.url));
    if (existsSync(built)) return [process.execPath, built];
  }
  const ts = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  // tsx's loader by absolute URL: a bare `--import tsx` resolves from the child's cwd (e.g. the repository bisect-perf checks out).
  return [process.execPath, '--import', import.meta.resolve('tsx'), ts];
}
