// Plugins load from a local path or an installed package (resolved from the project folder), as objects or option-taking functions.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlugin } from '../../../src/plugins/load.js';

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'perfgate-load-'));
  writeFileSync(join(dir, 'package.json'), '{"name":"p","type":"module"}');
  writeFileSync(join(dir, 'local.mjs'), 'export default { name: "local", apiVersion: 1, workloads: {} };');
  writeFileSync(join(dir, 'fn.mjs'), 'export default (o) => ({ name: "fn-" + o.suffix, apiVersion: 1 });');
  writeFileSync(join(dir, 'bad.mjs'), 'export default { apiVersion: 1 };');
  writeFileSync(join(dir, 'broken.mjs'), 'export default {;');
  const pkg = join(dir, 'node_modules', 'perfgate-plugin-demo');
  mkdirSync(pkg, { recursive: true });
  writeFileSync(join(pkg, 'package.json'), '{"name":"perfgate-plugin-demo","type":"module","exports":"./index.js"}');
  writeFileSync(join(pkg, 'index.js'), 'export default { name: "demo", apiVersion: 1 };');
  return dir;
}

describe('plugin loader', () => {
  it('loads a local path and an npm package resolved from the project folder', async () => {
    const dir = project();
    expect((await loadPlugin('./local.mjs', dir)).name).toBe('local');
    expect((await loadPlugin('perfgate-plugin-demo', dir)).name).toBe('demo');
  });

  it('passes options to a plugin that exports a function, and refuses options for one that does not', async () => {
    const dir = project();
    expect((await loadPlugin(['./fn.mjs', { suffix: 'x' }], dir)).name).toBe('fn-x');
    await expect(loadPlugin(['./local.mjs', { a: 1 }], dir)).rejects.toThrow(/takes no options/);
  });

  it('explains missing, broken and malformed plugins', async () => {
    const dir = project();
    await expect(loadPlugin('perfgate-plugin-missing', dir)).rejects.toThrow(/cannot be found from/);
    await expect(loadPlugin('./broken.mjs', dir)).rejects.toThrow(/failed to load/);
    await expect(loadPlugin('./bad.mjs', dir)).rejects.toThrow(/has no "name"/);
  });
});
