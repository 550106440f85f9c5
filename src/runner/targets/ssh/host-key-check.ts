// The host-key policy of one connection attempt: verify against known_hosts, or accept new keys / skip only when told; explain refusals.
import { EnvironmentError } from '../../../errors.js';
import type { PerfgateError } from '../../../errors.js';
import { addKnownHost, fingerprint, keyTypeLabel, keyTypeOf, knownHostsName, knownKeyTypes, verifyHostKey } from './host-keys.js';
import type { SshEndpoint, SshSecurity } from './types.js';

export interface HostKeyCheck {
  /** ssh2's hostVerifier: true accepts the offered key blob. */
  verify(key: Buffer): boolean;
  /** Why the last key was refused (set when verify returned false). */
  readonly failure: PerfgateError | undefined;
  /** Key types known_hosts has for this host (preferred in the key exchange). */
  knownTypes(): string[];
}

export function hostKeyCheck(e: SshEndpoint, security: SshSecurity, log: (message: string) => void): HostKeyCheck {
  const name = knownHostsName(e.host, e.port);
  const files = [...(e.knownHosts ? [e.knownHosts] : []), ...security.knownHostsFiles];
  let failure: PerfgateError | undefined;
  return {
    get failure() {
      return failure;
    },
    knownTypes: () => knownKeyTypes(files, name),
    verify(key) {
      const fp = fingerprint(key);
      const label = `${keyTypeLabel(keyTypeOf(key))} key ${fp}`;
      if (security.insecureSkipHostKeyCheck) {
        log(`host key NOT verified (--insecure-skip-host-key-check): ${label}`);
        return true;
      }
      const v = verifyHostKey(files, name, key);
      if (v.status === 'match') return true;
      if (v.status === 'unknown' && security.acceptNewHostKeys) {
        addKnownHost(security.knownHostsWrite, name, key);
        log(`accepted new host key ${label}; added ${name} to ${security.knownHostsWrite}`);
        return true;
      }
      if (v.status === 'unknown') {
        failure = new EnvironmentError(`host ${e.name} (${name}) is not in known_hosts (${files.join(', ')}); it offered ${label}`, {
          code: 'PERFGATE_SSH_HOST_KEY_UNKNOWN',
          hint: `if ${fp} is that host's key, rerun with --accept-new-host-keys (or: ssh-keyscan -p ${e.port} ${e.host} >> ${security.knownHostsWrite})`,
        });
        return false;
      }
      const where = `${v.entry.file}:${v.entry.line}`;
      failure = new EnvironmentError(
        v.status === 'revoked'
          ? `host ${e.name} (${name}) offered a REVOKED host key (${label}, @revoked at ${where})`
          : `host key of ${e.name} (${name}) has CHANGED: it offered ${label}, but ${where} has ${fingerprint(v.entry.key)}`,
        {
          code: v.status === 'revoked' ? 'PERFGATE_SSH_HOST_KEY_REVOKED' : 'PERFGATE_SSH_HOST_KEY_CHANGED',
          hint: `someone may be intercepting the connection; if the host was reinstalled, remove the old key (ssh-keygen -R '${name}' -f ${v.entry.file}) and accept the new one`,
        },
      );
      return false;
    },
  };
}
