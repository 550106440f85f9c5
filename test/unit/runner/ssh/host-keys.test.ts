// known_hosts parsing and matching (plain, hashed by ssh-keygen -H, [host]:port, wildcards, negation, @revoked) and fingerprints as ssh-keygen prints them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { addKnownHost, fingerprint, keyTypeOf, knownHostsName, knownKeyTypes, patternsMatch, readKnownHosts, verifyHostKey } from '../../../../src/runner/targets/ssh/host-keys.js';

const dir = mkdtempSync(join(tmpdir(), 'perfgate-kh-'));
const keys: { line: string; blob: Buffer; fp: string }[] = [];

beforeAll(() => {
  for (const [i, type] of ['ed25519', 'ed25519', 'ecdsa'].entries()) {
    const f = join(dir, `k${i}`);
    execFileSync('ssh-keygen', ['-q', '-t', type, '-N', '', '-f', f]);
    const line = readFileSync(`${f}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
    const fp = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${f}.pub`], { encoding: 'utf8' }).split(' ')[1] ?? '';
    keys.push({ line, blob: Buffer.from(line.split(' ')[1] ?? '', 'base64'), fp });
  }
});

describe('host keys', () => {
  it('computes the SHA256 fingerprint ssh-keygen prints and reads the key type from the blob', () => {
    for (const k of keys) expect(fingerprint(k.blob)).toBe(k.fp);
    expect(keyTypeOf(keys[0]!.blob)).toBe('ssh-ed25519');
    expect(keyTypeOf(keys[2]!.blob)).toBe('ecdsa-sha2-nistp256');
  });

  it('names hosts as OpenSSH does', () => {
    expect(knownHostsName('10.0.0.1', 22)).toBe('10.0.0.1');
    expect(knownHostsName('10.0.0.1', 2222)).toBe('[10.0.0.1]:2222');
  });

  it('matches plain, bracketed, wildcard and negated patterns', () => {
    expect(patternsMatch('a.example.com,10.0.0.1', '10.0.0.1')).toBe(true);
    expect(patternsMatch('[10.0.0.1]:2222', '[10.0.0.1]:2222')).toBe(true);
    expect(patternsMatch('[10.0.0.1]:2222', '10.0.0.1')).toBe(false);
    expect(patternsMatch('10.0.0.?', '10.0.0.7')).toBe(true);
    expect(patternsMatch('*.lab,!bad.lab', 'good.lab')).toBe(true);
    expect(patternsMatch('*.lab,!bad.lab', 'bad.lab')).toBe(false);
    expect(patternsMatch('10.0.0.1', '10.0.0.10')).toBe(false);
  });

  it('verifies against entries hashed by ssh-keygen -H', () => {
    const f = join(dir, 'hashed');
    writeFileSync(f, `# comment\n\n[127.0.0.5]:2200 ${keys[0]!.line}\nother.host ${keys[1]!.line}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', f], { stdio: 'ignore' });
    const entries = readKnownHosts(f);
    expect(entries).toHaveLength(2);
    expect(entries.every((e) => e.patterns.startsWith('|1|'))).toBe(true);
    expect(verifyHostKey([f], '[127.0.0.5]:2200', keys[0]!.blob).status).toBe('match');
    expect(verifyHostKey([f], '127.0.0.5', keys[0]!.blob).status).toBe('unknown');
    expect(verifyHostKey([f], 'other.host', keys[1]!.blob).status).toBe('match');
  });

  it('reports a changed key (same type, other key), a revoked key, and an unknown type as unknown', () => {
    const f = join(dir, 'plain');
    writeFileSync(f, `h1 ${keys[0]!.line}\n@revoked h2 ${keys[1]!.line}\nh2 ${keys[1]!.line}\n`);
    const changed = verifyHostKey([f], 'h1', keys[1]!.blob);
    expect(changed.status).toBe('changed');
    expect(changed.status === 'changed' && changed.entry.line).toBe(1);
    expect(verifyHostKey([f], 'h2', keys[1]!.blob).status).toBe('revoked');
    expect(verifyHostKey([f], 'h1', keys[2]!.blob).status).toBe('unknown');
    expect(verifyHostKey([join(dir, 'missing'), f], 'h1', keys[0]!.blob).status).toBe('match');
    expect(knownKeyTypes([f], 'h1')).toEqual(['ssh-ed25519']);
  });

  it('appends accepted keys in a form ssh-keygen -F finds', () => {
    const f = join(dir, 'sub', 'known_hosts');
    addKnownHost(f, '[127.0.0.6]:2201', keys[2]!.blob);
    addKnownHost(f, 'h9', keys[0]!.blob);
    expect(verifyHostKey([f], '[127.0.0.6]:2201', keys[2]!.blob).status).toBe('match');
    const found = execFileSync('ssh-keygen', ['-F', '[127.0.0.6]:2201', '-f', f], { encoding: 'utf8' });
    expect(found).toContain(keys[2]!.line);
  });
});
