// The one registry of profiles, workloads, provisioners and reporters; built-ins register exactly like npm plugins.
import type { Factory, Plugin, Profile, Provisioner, Workload } from './types.js';
import { PLUGIN_API_VERSION } from './types.js';
import { PluginError } from './plugin-error.js';

export type PluginKind = 'profiles' | 'workloads' | 'provisioners' | 'reporters';

/** What users call each kind in messages. */
export const NOUN: Record<PluginKind, string> = { profiles: 'profile', workloads: 'test', provisioners: 'provisioner', reporters: 'reporter' };

interface Entry<T> {
  factory: Factory<T>;
  plugin: string;
  builtin: boolean;
}

interface KindTypes {
  profiles: Profile;
  workloads: Workload;
  provisioners: Provisioner;
  reporters: unknown;
}

export class Registry {
  private readonly entries: { [K in PluginKind]: Map<string, Entry<KindTypes[K]>> } = {
    profiles: new Map(),
    workloads: new Map(),
    provisioners: new Map(),
    reporters: new Map(),
  };
  private readonly plugins: string[] = [];

  /** Register every entry of a plugin. Duplicate names are an error; nothing may shadow a built-in. */
  register(plugin: Plugin, options: { builtin?: boolean } = {}): void {
    if (plugin.apiVersion !== PLUGIN_API_VERSION) {
      throw new PluginError(`plugin '${plugin.name}' has apiVersion ${String(plugin.apiVersion)}, perfgate supports ${PLUGIN_API_VERSION}`, {
        code: 'PERFGATE_PLUGIN_API_VERSION',
        hint: 'upgrade the plugin or perfgate so that both speak the same plugin API',
      });
    }
    for (const kind of Object.keys(this.entries) as PluginKind[]) {
      const table = plugin[kind] as Record<string, Factory<never>> | undefined;
      for (const [name, factory] of Object.entries(table ?? {})) {
        const existing = this.entries[kind].get(name);
        if (existing) {
          const what = existing.builtin ? 'the built-in' : `the one from plugin '${existing.plugin}'`;
          throw new PluginError(`plugin '${plugin.name}' registers ${NOUN[kind]} '${name}', which would shadow ${what}`, {
            code: 'PERFGATE_PLUGIN_DUPLICATE',
            hint: `rename the ${NOUN[kind]} in plugin '${plugin.name}' (e.g. prefix it with the plugin name)`,
          });
        }
        if (typeof factory !== 'function') {
          throw new PluginError(`plugin '${plugin.name}': ${kind}.${name} is not a function`, {
            code: 'PERFGATE_PLUGIN_INVALID',
            hint: 'each entry must be a factory (options, ctx) => object',
          });
        }
        this.entries[kind].set(name, { factory, plugin: plugin.name, builtin: options.builtin ?? false });
      }
    }
    this.plugins.push(plugin.name);
  }

  /** Registered names of one kind, sorted. */
  names(kind: PluginKind): string[] {
    return [...this.entries[kind].keys()].sort();
  }

  pluginNames(): readonly string[] {
    return this.plugins;
  }

  /** The factory registered under `name` (exact, else a unique case-insensitive match); unknown names list the available ones. */
  get<K extends PluginKind>(kind: K, name: string): Factory<KindTypes[K]> {
    const table = this.entries[kind];
    const exact = table.get(name);
    if (exact) return exact.factory;
    const folded = [...table.keys()].filter((k) => k.toLowerCase() === name.toLowerCase());
    const only = folded.length === 1 && folded[0] !== undefined ? table.get(folded[0]) : undefined;
    if (only) return only.factory;
    throw new PluginError(`unknown ${NOUN[kind]} '${name}'`, {
      code: 'PERFGATE_PLUGIN_UNKNOWN_NAME',
      hint: `available ${NOUN[kind]}s: ${this.names(kind).join(', ') || '(none)'}; add a plugin to the config's "plugins" for others`,
    });
  }

  /** Which plugin registered `name` (same matching as `get`), and whether it is a built-in; undefined when unknown. */
  origin(kind: PluginKind, name: string): { plugin: string; builtin: boolean } | undefined {
    const entry = this.entries[kind].get(this.canonical(kind, name));
    return entry ? { plugin: entry.plugin, builtin: entry.builtin } : undefined;
  }

  /** The canonical (registered) spelling of a name, e.g. `localhost` → `Localhost`. */
  canonical(kind: PluginKind, name: string): string {
    if (this.entries[kind].has(name)) return name;
    return [...this.entries[kind].keys()].find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
  }
}
