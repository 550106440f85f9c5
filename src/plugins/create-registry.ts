// Builds the registry for a run: the built-in plugin first, then the config's plugins in order.
import { builtinPlugin } from './builtin.js';
import type { PluginSpec } from './load.js';
import { loadPlugin } from './load.js';
import { Registry } from './registry.js';

export async function createRegistry(plugins: readonly { name: string; params: Record<string, unknown> }[], projectDir: string): Promise<Registry> {
  const registry = new Registry();
  registry.register(builtinPlugin, { builtin: true });
  for (const p of plugins) {
    const spec: PluginSpec = Object.keys(p.params).length > 0 ? [p.name, p.params] : p.name;
    registry.register(await loadPlugin(spec, projectDir));
  }
  return registry;
}
