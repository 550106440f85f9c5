// Config files are found the usual way (json, rc, .ts via jiti, package.json) and every problem is reported at once with its dot-path.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { ConfigError } from '../../../src/errors.js';

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'perfgate-cfg-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

describe('config loading', () => {
  it('returns defaults when there is no config', async () => {
    const d = dir({ 'package.json': '{}' });
    expect(await loadConfig(d)).toEqual({ projectDir: d, plugins: [], metadata: {}, ssh: {} });
  });

  it('reads perfgate.config.ts through jiti and normalises items and paths', async () => {
    const d = dir({
      'package.json': '{"type":"module"}',
      'perfgate.config.ts': `const n: number = 2;\nexport default { retryTests: n, tests: ['command:{"command":["true"]}', ['fio', { runtime: 1 }]], plugins: ['./p.js'], output: 'out', metadata: { build: 5 } };\n`,
    });
    const c = await loadConfig(d);
    expect(c.file).toBe(join(d, 'perfgate.config.ts'));
    expect(c.retryTests).toBe(2);
    expect(c.tests).toEqual([
      { name: 'command', params: { command: ['true'] } },
      { name: 'fio', params: { runtime: 1 } },
    ]);
    expect(c.plugins).toEqual([{ name: join(d, 'p.js'), params: {} }]);
    expect(c.output).toBe(join(d, 'out'));
    expect(c.metadata).toEqual({ build: '5' });
  });

  it('finds the perfgate key of package.json from a subfolder', async () => {
    const d = dir({ 'package.json': '{"perfgate":{"hosts":["localhost:127.0.0.1"]}}' });
    mkdirSync(join(d, 'sub'));
    expect((await loadConfig(join(d, 'sub'))).hosts).toEqual(['localhost:127.0.0.1']);
  });

  it('reports every problem at once with dot-paths', async () => {
    const d = dir({ 'package.json': '{}', '.perfgaterc.json': JSON.stringify({ retryTests: 0, tests: ['fio:{bad', 3], metadata: { a: [] }, colour: 'red', keepTmpFiles: 'yes' }) });
    const e = (await loadConfig(d).catch((x: unknown) => x)) as ConfigError;
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toBe(`${join(d, '.perfgaterc.json')} has 6 problems`);
    expect(e.issues.map((i) => i.split(':')[0])).toEqual(['colour', 'retryTests', 'keepTmpFiles', 'metadata.a', 'tests.0', 'tests.1']);
  });

  it('reports a syntax error naming the file', async () => {
    const d = dir({ 'package.json': '{}', '.perfgaterc.json': '{ nope' });
    await expect(loadConfig(d)).rejects.toThrow(/cannot read config .*\.perfgaterc\.json/);
  });
});
