// Option names of the built-in profiles whose factories take none, checked as strictly as test parameters.
import { ConfigError } from '../errors.js';
import type { PluginKind } from './registry.js';
import { NOUN } from './registry.js';

/**
 * Built-ins listed here get their options checked before the factory runs. Hosts and Kubernetes check their own
 * options (src/profiles/), so only the option-less Localhost is listed.
 */
const KNOWN: Partial<Record<PluginKind, Record<string, readonly string[]>>> = {
  profiles: { Localhost: [] },
};

/** Refuse options a built-in does not know, listing the valid ones (`__X__` extras were removed before). */
export function checkBuiltinOptions(kind: PluginKind, name: string, options: Readonly<Record<string, unknown>>): void {
  const known = KNOWN[kind]?.[name];
  if (known === undefined) return;
  const unknown = Object.keys(options).filter((k) => !known.includes(k));
  if (unknown.length === 0) return;
  const valid = known.length > 0 ? `valid options: ${known.join(', ')}` : `${name} takes no options; __NAME__ renames its folder`;
  throw new ConfigError(`${NOUN[kind]} '${name}': unknown option${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (${valid})`, [], `e.g. --profiles ${name} or '${name}:{"__NAME__":"Other"}'`);
}
