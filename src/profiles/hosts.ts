// The Hosts profile: every --hosts machine (or the named ones) is a worker, the first host drives; nothing is changed on them.
import { ConfigError } from '../errors.js';
import type { Profile } from '../plugins/types.js';

/** `Hosts` or `Hosts:{"workers": ["h2", "h3"]}`: tests run on those hosts at once (distributed fio, iperf3 between hosts). */
export function createHostsProfile(options: Record<string, unknown> = {}): Profile {
  const unknown = Object.keys(options).filter((k) => k !== 'workers' && !k.startsWith('__'));
  if (unknown.length > 0) throw new ConfigError(`profile Hosts: unknown option ${unknown.join(', ')}`, [], 'the only option is "workers": a list of host names');
  const wanted = options['workers'];
  if (wanted !== undefined && !(Array.isArray(wanted) && wanted.length > 0 && wanted.every((w) => typeof w === 'string'))) {
    throw new ConfigError('profile Hosts: "workers" must be a non-empty list of host names', [], 'e.g. Hosts:{"workers":["h1","h2"]}');
  }
  return {
    name: 'Hosts',
    async apply(hosts) {
      if (wanted === undefined) return [...hosts];
      const names = wanted as string[];
      const missing = names.filter((n) => !hosts.some((h) => h.name === n));
      if (missing.length > 0) throw new ConfigError(`profile Hosts: no host named ${missing.join(', ')} (hosts: ${hosts.map((h) => h.name).join(', ')})`, [], 'use names from --hosts');
      return names.map((n) => hosts.find((h) => h.name === n)).filter((h) => h !== undefined);
    },
    async revert() {},
  };
}
