// Calls a registered factory (profile, test, provisioner) with options; what it throws becomes a config error naming the plugin.
import { ConfigError, isPerfgateError } from '../errors.js';
import { checkBuiltinOptions } from './builtin-options.js';
import type { PluginKind, Registry } from './registry.js';
import { NOUN } from './registry.js';
import type { PluginContext, Profile, Provisioner, Workload } from './types.js';

interface Made {
  profiles: Profile;
  workloads: Workload;
  provisioners: Provisioner;
}

/**
 * Instantiate `name` with `options`. Built-in profiles refuse unknown options; a plain Error thrown by a factory
 * (docs/plugins.md tells plugin authors to throw on bad options) becomes a ConfigError (exit 78) naming the plugin.
 * perfgate's own errors (config, environment, ...) pass through unchanged.
 */
export async function instantiate<K extends keyof Made>(registry: Registry, kind: K, name: string, options: Record<string, unknown>, ctx: PluginContext): Promise<Made[K]> {
  const factory = registry.get(kind, name);
  const origin = registry.origin(kind, name);
  const canonical = registry.canonical(kind, name);
  if (origin?.builtin) checkBuiltinOptions(kind, canonical, options);
  try {
    return (await factory(options, ctx)) as Made[K];
  } catch (e) {
    if (isPerfgateError(e)) throw e;
    throw factoryError(kind, canonical, origin?.plugin, e);
  }
}

/** The ConfigError for a factory's own exception: `profile 'Niced' (plugin 'example') rejected its options: <message>`. */
export function factoryError(kind: PluginKind, name: string, plugin: string | undefined, e: unknown): ConfigError {
  const message = (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
  const from = plugin === undefined ? '' : ` (plugin '${plugin}')`;
  return new ConfigError(`${NOUN[kind]} '${name}'${from} rejected its options: ${message}`, [], `fix the ${NOUN[kind]}'s options; see the plugin's documentation`);
}
