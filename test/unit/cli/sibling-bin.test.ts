// siblingBin: the argv that starts another perfgate CLI, from dist/bin (`.cjs` launchers and `.js` modules) or src.
import { copyFileSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { siblingBin } from '../../../src/cli/sibling-bin.js';

const BUILT = fileURLToPath(new URL('../../../dist/cli/sibling-bin.js', import.meta.url));

describe('siblingBin', () => {
  it('runs a CLI from source through tsx when nothing is built beside the module', () => {
    const argv = siblingBin('compare-perf');
    expect(argv[0]).toBe(process.execPath);
    expect(argv[1]).toBe('--import');
    expect(argv.at(-1)).toMatch(/src[\\/]cli[\\/]compare-perf\.ts$/);
  });

  it('prefers a `.cjs` launcher to a `.js` module beside it, as dist/bin holds them', async () => {
    if (!existsSync(BUILT)) return; // CI builds before testing
    const dir = mkdtempSync(join(tmpdir(), 'perfgate-sibling-'));
    copyFileSync(BUILT, join(dir, 'sibling-bin.js'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    for (const f of ['compare-perf.cjs', 'run-perf.js']) writeFileSync(join(dir, f), '');
    const mod = (await import(pathToFileURL(join(dir, 'sibling-bin.js')).href)) as { siblingBin: typeof siblingBin };
    expect(mod.siblingBin('compare-perf')).toEqual([process.execPath, join(dir, 'compare-perf.cjs')]);
    expect(mod.siblingBin('run-perf')).toEqual([process.execPath, join(dir, 'run-perf.js')]);
  });
});
