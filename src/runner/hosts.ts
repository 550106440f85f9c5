// Parses `--hosts` entries (`name:addr` or `addr`) and creates their targets; local addresses use the local transport.
import { EnvironmentError, UsageError } from '../errors.js';
import { localTarget } from './targets/local.js';
import type { Target } from './targets/types.js';

export interface HostSpec {
  name: string;
  address: string;
}

/** `host1:192.168.1.5` → {host1, 192.168.1.5}; `box.example.com` → {box, box.example.com} (run-perf's rule). */
export function parseHostSpec(word: string): HostSpec {
  if (word === '') throw new UsageError('empty --hosts entry', 'write name:address or address');
  const colon = word.indexOf(':');
  if (colon > 0 && !word.includes('::')) return { name: word.slice(0, colon), address: word.slice(colon + 1) };
  return { name: word.split('.')[0] ?? word, address: word };
}

export const isLocalAddress = (address: string): boolean => /^(localhost|127\.\d+\.\d+\.\d+|::1)$/.test(address);

/** Targets for the hosts; remote hosts need an SSH transport, which is not part of this build yet. */
export function createTargets(hosts: readonly HostSpec[]): Target[] {
  return hosts.map((h) => {
    if (isLocalAddress(h.address)) return localTarget(h.name, h.address);
    throw new EnvironmentError(`host ${h.name} (${h.address}) is remote, and this run-perf drives local hosts only`, {
      code: 'PERFGATE_HOST_REMOTE_UNSUPPORTED',
      hint: 'use --hosts localhost:127.0.0.1, or a profile plugin that provides its own targets',
    });
  });
}
