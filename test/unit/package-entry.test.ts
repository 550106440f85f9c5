// The package entry (`import … from 'perfgate'`) exists and exposes the plugin contract, the reader and the engine.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as api from '../../src/index.js';

const ROOT = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; types: string; exports: { '.': { import: string; types: string } } };

describe("package entry 'perfgate'", () => {
  it('maps to dist/index.js, built from src/index.ts', () => {
    expect(pkg.exports['.'].import).toBe('./dist/index.js');
    expect(pkg.exports['.'].types).toBe('./dist/index.d.ts');
    expect(pkg.main).toBe('./dist/index.js');
    expect(existsSync(join(ROOT, 'src/index.ts'))).toBe(true);
  });

  it('exposes definePlugin, the reader, the engine, the reporters and the error classes', () => {
    for (const name of ['definePlugin', 'readResultTree', 'comparePerf', 'compareTrees', 'createMethod', 'renderXunit', 'renderJson', 'renderHtml', 'isPerfgateError'] as const) {
      expect(typeof api[name], name).toBe('function');
    }
    expect(api.PLUGIN_API_VERSION).toBe(1);
    const plugin = api.definePlugin({ name: 'x', apiVersion: 1 });
    expect(plugin.name).toBe('x');
    expect(new api.ConfigError('bad', { hint: 'h' })).toBeInstanceOf(api.PerfgateError);
  });

  it('the built entry (when built) exports the same names', async () => {
    const built = join(ROOT, 'dist/index.js');
    if (!existsSync(built)) return; // CI builds before testing; a fresh checkout may not have dist/ yet
    const mod = (await import(pathToFileURL(built).href)) as Record<string, unknown>;
    expect(Object.keys(mod).sort()).toEqual(Object.keys(api).sort());
  });
});
