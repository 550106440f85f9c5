// argv prefix that starts another perfgate binary with the same Node, from dist (built) or src (tsx, in tests).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** e.g. siblingBin('compare-perf') → [node, /…/dist/cli/compare-perf.js]. */
export function siblingBin(name: string): string[] {
  const js = fileURLToPath(new URL(`./${name}.js`, import.meta.url));
  if (existsSync(js)) return [process.execPath, js];
  const ts = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  // tsx's loader by absolute URL: a bare `--import tsx` resolves from the child's cwd (e.g. the repository bisect-perf checks out).
  return [process.execPath, '--import', import.meta.resolve('tsx'), ts];
}
