// The registry resolves names (exact, then unique case-insensitive), lists the available ones, and refuses shadowing and bad plugins.
import { describe, expect, it } from 'vitest';
import { builtinPlugin } from '../../../src/plugins/builtin.js';
import { PluginError } from '../../../src/plugins/plugin-error.js';
import { Registry } from '../../../src/plugins/registry.js';
import type { Plugin, Workload } from '../../../src/plugins/types.js';

const workload = (name: string): Workload => ({ name, plan: () => [], run: async () => [] });
const plugin = (name: string, tests: string[]): Plugin => ({ name, apiVersion: 1, workloads: Object.fromEntries(tests.map((t) => [t, () => workload(t)])) });

function registry(): Registry {
  const r = new Registry();
  r.register(builtinPlugin, { builtin: true });
  return r;
}

describe('plugin registry', () => {
  it('registers the built-ins like any plugin and resolves names case-insensitively', async () => {
    const r = registry();
    expect(r.names('profiles')).toContain('Localhost');
    expect(r.names('workloads')).toContain('command');
    expect(r.canonical('profiles', 'localhost')).toBe('Localhost');
    const profile = await r.get('profiles', 'LOCALHOST')({}, { projectDir: '/' });
    expect(profile.name).toBe('Localhost');
  });

  it('lists the available names for an unknown one', () => {
    const r = registry();
    r.register(plugin('extra', ['sleepy']));
    const e = (() => {
      try {
        r.get('workloads', 'nope');
      } catch (x) {
        return x as PluginError;
      }
    })();
    expect(e).toBeInstanceOf(PluginError);
    expect(e?.message).toBe("unknown test 'nope'");
    expect(e?.hint).toContain('command');
    expect(e?.hint).toContain('sleepy');
  });

  it('refuses a plugin that would shadow a built-in or another plugin', () => {
    const r = registry();
    expect(() => r.register(plugin('evil', ['command']))).toThrow(/would shadow the built-in/);
    r.register(plugin('a', ['x']));
    expect(() => r.register(plugin('b', ['x']))).toThrow(/would shadow the one from plugin 'a'/);
  });

  it('refuses another apiVersion and non-function entries', () => {
    const r = registry();
    expect(() => r.register({ name: 'old', apiVersion: 2 as 1 })).toThrow(/apiVersion 2/);
    expect(() => r.register({ name: 'bad', apiVersion: 1, workloads: { w: 'no' as never } })).toThrow(/is not a function/);
  });
});
