// Config validation of SSH hosts and the "ssh" section; --hosts parsing of name:user@addr[:port] and configured names.
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/validate.js';
import { isSshHost, parseHostSpec, resolveHosts } from '../../../src/runner/hosts.js';
import { parseRunPerfArgs } from '../../../src/cli/run-perf-args.js';

describe('SSH config', () => {
  it('accepts host objects and the ssh section, making paths absolute', () => {
    const r = validateConfig(
      {
        hosts: ['localhost:127.0.0.1', { name: 'db1', address: '10.0.0.5', user: 'perf', port: 2222, key: 'keys/db', jump: 'bastion', labels: { rack: 'a' } }],
        ssh: { knownHosts: 'kh', acceptNewHostKeys: true, user: 'ops', passwordEnv: 'PERF_PW', agent: false, keepaliveIntervalMs: 5000, hosts: [{ name: 'bastion', address: 'gw.lab', user: 'jump' }] },
      },
      '/proj/perfgate.config.json',
      '/cwd',
    );
    expect('config' in r).toBe(true);
    if (!('config' in r)) return;
    expect(r.config.hosts?.[1]).toEqual({ name: 'db1', address: '10.0.0.5', user: 'perf', port: 2222, key: '/proj/keys/db', jump: 'bastion', labels: { rack: 'a' }, knownHosts: undefined });
    expect(r.config.ssh).toMatchObject({ knownHosts: '/proj/kh', acceptNewHostKeys: true, user: 'ops', agent: false, hosts: [{ name: 'bastion', address: 'gw.lab', user: 'jump' }] });
  });

  it('reports every bad field at once and refuses passwords in files', () => {
    const r = validateConfig({ hosts: [{ name: 'a:b', address: '', port: 70000, password: 'x', labels: { n: 1 } }], ssh: { passwordEnv: 'has space', agent: 3, bogus: 1, password: 'y' } }, '/p/c.json', '/p');
    expect('issues' in r && r.issues).toEqual([
      "hosts.0.name: must be a non-empty name without ':', '@', '/' or spaces",
      'hosts.0.address: must be a host name or IP address',
      'hosts.0.port: must be an integer 1-65535',
      'hosts.0.password: passwords are never read from files; use passwordEnv: "VAR" (or --ssh-password-env)',
      'hosts.0.labels: must be an object of string values',
      'ssh.bogus: unknown key (known: knownHosts, acceptNewHostKeys, insecureSkipHostKeyCheck, key, user, passwordEnv, agent, keepaliveIntervalMs, connectTimeoutMs, connectAttempts, hosts)',
      'ssh.passwordEnv: must name an environment variable',
      'ssh.password: passwords are never read from files; use passwordEnv: "VAR" (or --ssh-password-env)',
      'ssh.agent: must be true, false or the agent socket path',
    ]);
  });
});

describe('--hosts entries', () => {
  it('parses names, users, ports and IPv6 brackets', () => {
    expect(parseHostSpec('localhost:127.0.0.1')).toEqual({ name: 'localhost', address: '127.0.0.1' });
    expect(parseHostSpec('box.example.com')).toEqual({ name: 'box', address: 'box.example.com' });
    expect(parseHostSpec('h1:perf@127.0.0.2:2222')).toEqual({ name: 'h1', address: '127.0.0.2', ssh: { user: 'perf', port: 2222 } });
    expect(parseHostSpec('perf@10.1.2.3')).toEqual({ name: '10.1.2.3', address: '10.1.2.3', ssh: { user: 'perf', port: undefined } });
    expect(parseHostSpec('h6:root@[::1]:22')).toEqual({ name: 'h6', address: '::1', ssh: { user: 'root', port: 22 } });
    expect(() => parseHostSpec('h1:perf@10.0.0.1:99999')).toThrow(/is not \[name:\]\[user@\]address\[:port\]/);
  });

  it('treats user@ hosts as SSH even on 127.0.0.x, plain local addresses as local, remote addresses as SSH', () => {
    expect(isSshHost(parseHostSpec('h:perf@127.0.0.2:2222'))).toBe(true);
    expect(isSshHost(parseHostSpec('localhost:127.0.0.1'))).toBe(false);
    expect(isSshHost(parseHostSpec('lab:10.0.0.9'))).toBe(true);
  });

  it('resolves configured host names', () => {
    const [h] = resolveHosts(['db1'], [{ name: 'db1', address: '10.0.0.5', user: 'perf', labels: { rack: 'a' } }]);
    expect(h).toMatchObject({ name: 'db1', address: '10.0.0.5', ssh: { user: 'perf' }, labels: { rack: 'a' } });
  });

  it('parses the SSH flags and refuses a password where a variable name belongs', () => {
    const a = parseRunPerfArgs(['--hosts', 'h1:u@127.0.0.2:22', '--known-hosts', 'kh', '--accept-new-host-keys', '--ssh-key', 'k', '--ssh-password-env', 'PW', '--', 'x']);
    expect(a).toMatchObject({ hosts: ['h1:u@127.0.0.2:22'], knownHosts: 'kh', acceptNewHostKeys: true, sshKey: 'k', sshPasswordEnv: 'PW', tests: ['x'] });
    expect(() => parseRunPerfArgs(['--ssh-password-env', 'hunter2!'])).toThrow(/must name an environment variable/);
  });
});
