// Bad profile options are config errors (78) found while resolving the plan: a plugin factory's exception names the plugin,
// built-in profiles refuse unknown options, and no output folder is created (with or without --dry-run).
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runPerfCommand } from '../../src/cli/run-perf-command.js';
import { memoryIo } from '../../src/cli/io.js';
import { runCommand } from '../../src/cli/main.js';
import { ConfigError } from '../../src/errors.js';
import { instantiate } from '../../src/plugins/instantiate.js';
import { Registry } from '../../src/plugins/registry.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/plugin', import.meta.url));
const DD = 'dd-write:{"size-mib":1,"samples":1,"dir":"."}';
const OPS = `command:${JSON.stringify({ command: ['echo', '{"ops_sec": 5}'], samples: 1 })}`;

async function runPerf(argv: string[], cwd: string) {
  const io = memoryIo(argv, cwd, {});
  const code = await runCommand('run-perf', runPerfCommand, io);
  return { code, out: io.out(), err: io.err() };
}

function project(plugins: string[]): string {
  const cwd = mkdtempSync(join(tmpdir(), 'perfgate-rpopt-'));
  writeFileSync(join(cwd, 'package.json'), '{"type":"module"}');
  writeFileSync(join(cwd, '.perfgaterc.json'), JSON.stringify({ plugins }));
  return cwd;
}

function expectConfigError(r: { code: number; err: string }): void {
  expect(r.code).toBe(78);
  expect(r.err).toMatch(/^run-perf: error: the run plan is invalid/);
  expect(r.err).not.toContain('internal error');
  expect(r.err).not.toMatch(/\n\s+at /);
}

describe('profile options', () => {
  it("a plugin profile factory's exception is a config error naming the plugin and the option; nothing is created", async () => {
    const cwd = project([EXAMPLE]);
    const r = await runPerf(['--output', 'out', '--profiles', 'Niced:{"level":"abc"}', '--', DD], cwd);
    expectConfigError(r);
    expect(r.err).toContain(`profiles[0] (Niced): profile 'Niced' (plugin 'example') rejected its options: Niced: "level" must be an integer`);
    expect(readdirSync(cwd).sort()).toEqual(['.perfgaterc.json', 'package.json']);
  });

  it('--dry-run reports it before printing any plan', async () => {
    const cwd = project([EXAMPLE]);
    const r = await runPerf(['--dry-run', '--profiles', 'Niced:{"level":"abc"}', '--', DD], cwd);
    expectConfigError(r);
    expect(r.out).toBe('');
    expect(r.err).toContain("(plugin 'example')");
  });

  it('good plugin profile options still plan and run', async () => {
    const cwd = project([EXAMPLE]);
    const r = await runPerf(['--dry-run', '--profiles', 'Niced:{"level":3}', '--', DD], cwd);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Niced/dd-write: 1 iteration(s)');
  });

  it('a built-in profile refuses unknown options and lists the valid ones', async () => {
    const cwd = project([]);
    const r = await runPerf(['--output', 'out', '--profiles', 'Localhost:{"x":1}', 'Hosts:{"nodes":2}', '--', OPS], cwd);
    expectConfigError(r);
    expect(r.err).toContain("profiles[0] (Localhost): profile 'Localhost': unknown option x (Localhost takes no options; __NAME__ renames its folder)");
    expect(r.err).toContain('profiles[1] (Hosts): profile Hosts: unknown option nodes');
    expect(existsSync(join(cwd, 'out'))).toBe(false);
    const renamed = await runPerf(['--dry-run', '--profiles', 'Localhost:{"__NAME__":"Again"}', '--', OPS], cwd);
    expect(renamed.code).toBe(0);
    expect(renamed.out).toContain('Again/command');
  });

  it('a factory that throws only when really run is still a config error, not a bug', async () => {
    const cwd = project(['./late.mjs']);
    writeFileSync(
      join(cwd, 'late.mjs'),
      `export default { name: 'late', apiVersion: 1, profiles: { Late: (o, ctx) => { if (!ctx.dryRun) throw new Error('Late: option "zone" is required'); return { name: 'Late', apply: async (h) => h, revert: async () => {} }; } } };`,
    );
    const r = await runPerf(['--output', 'out', '--profiles', 'Late', '--', OPS], cwd);
    expect(r.code).toBe(78);
    expect(r.err).toContain(`profile 'Late' (plugin 'late') rejected its options: Late: option "zone" is required`);
    expect(r.err).not.toContain('internal error');
  });

  it('a provisioner factory is treated the same way', async () => {
    const registry = new Registry();
    registry.register({ name: 'prov', apiVersion: 1, provisioners: { Tuned: (o) => { if (o['profile'] === undefined) throw new Error('Tuned: "profile" is required'); return { name: 'Tuned', provision: async () => {} }; } } });
    const e = await instantiate(registry, 'provisioners', 'tuned', {}, { projectDir: '/' }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ConfigError);
    expect((e as ConfigError).message).toBe(`provisioner 'Tuned' (plugin 'prov') rejected its options: Tuned: "profile" is required`);
    expect((await instantiate(registry, 'provisioners', 'Tuned', { profile: 'x' }, { projectDir: '/' })).name).toBe('Tuned');
  });
});
