// createTargets: local vs SSH transports, defaults from the SSH options, jump hosts by name or user@addr, password variables, loops.
import { describe, expect, it } from 'vitest';
import { createTargets, resolveHosts } from '../../../src/runner/hosts.js';
import type { SshRunOptions } from '../../../src/runner/hosts.js';
import { DEFAULT_SECURITY, SshTransport } from '../../../src/runner/targets/ssh/index.js';

const options = (extra: Partial<SshRunOptions> = {}): SshRunOptions => ({
  security: { ...DEFAULT_SECURITY, knownHostsFiles: [], knownHostsWrite: '/nonexistent/kh', defaultKeyFiles: [] },
  defaultUser: 'me',
  readPassword: (v) => ({ LAB_PW: 's3cret' })[v],
  configured: [{ name: 'bastion', address: 'gw.lab', user: 'jump', port: 2200 }],
  ...extra,
});

const endpointOf = (t: { transport: unknown }) => (t.transport as SshTransport).connection.endpoint;

describe('createTargets', () => {
  it('keeps local addresses local and makes the rest SSH with the defaults', () => {
    const [local, remote] = createTargets(resolveHosts(['localhost:127.0.0.1', 'lab:10.0.0.7']), options({ defaultKeyFile: '/keys/id' }));
    expect(local?.transport.kind).toBe('local');
    expect(remote?.transport).toBeInstanceOf(SshTransport);
    expect(remote?.labels).toEqual({ kind: 'ssh', user: 'me', port: '22' });
    expect(endpointOf(remote!)).toMatchObject({ name: 'lab', host: '10.0.0.7', port: 22, user: 'me', keyFile: '/keys/id' });
  });

  it('resolves jump hosts by configured name or user@addr:port, and reads passwords from the named variable', () => {
    const hosts = resolveHosts(['db1', 'db2'], [
      { name: 'db1', address: '10.0.0.5', jump: 'bastion', passwordEnv: 'LAB_PW', labels: { rack: 'a' } },
      { name: 'db2', address: '10.0.0.6', jump: 'hop@10.0.0.1:2022' },
    ]);
    const [db1, db2] = createTargets(hosts, options());
    expect(endpointOf(db1!)).toMatchObject({ password: 's3cret', jump: { name: 'bastion', host: 'gw.lab', user: 'jump', port: 2200 } });
    expect(db1?.labels['rack']).toBe('a');
    expect(endpointOf(db2!).jump).toMatchObject({ name: '10.0.0.1', host: '10.0.0.1', user: 'hop', port: 2022 });
  });

  it('refuses an unset password variable (usage) and jump loops (config)', () => {
    expect(() => createTargets(resolveHosts(['u@10.0.0.9']), options({ defaultPasswordEnv: 'NOPE' }))).toThrow('the SSH password variable NOPE (for host 10.0.0.9) is not set');
    const loop = resolveHosts(['a'], [
      { name: 'a', address: '10.0.0.1', jump: 'b' },
      { name: 'b', address: '10.0.0.2', jump: 'a' },
    ]);
    expect(() => createTargets(loop, options({ configured: [{ name: 'a', address: '10.0.0.1', jump: 'b' }, { name: 'b', address: '10.0.0.2', jump: 'a' }] }))).toThrow('jump hosts form a loop: a -> b -> a');
  });

  it('needs SSH options for remote hosts', () => {
    expect(() => createTargets(resolveHosts(['u@10.0.0.9']))).toThrow(/no SSH settings were given/);
  });
});
