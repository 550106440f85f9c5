// known_hosts as OpenSSH reads it (plain, hashed `|1|salt|hash`, `[host]:port`, wildcards, negation, @revoked) and SHA256 fingerprints.
import { createHash, createHmac } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { makeDirsSync } from '../../../make-dirs.js';

export interface KnownHostEntry {
  file: string;
  line: number;
  marker?: 'revoked' | 'cert-authority';
  patterns: string;
  keyType: string;
  key: Buffer;
}

export type HostKeyVerdict =
  | { status: 'match'; entry: KnownHostEntry }
  | { status: 'unknown' }
  | { status: 'changed'; entry: KnownHostEntry }
  | { status: 'revoked'; entry: KnownHostEntry };

/** OpenSSH's name for a host in known_hosts: `addr` on port 22, else `[addr]:port`. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** `SHA256:<base64 without padding>` of a key blob, exactly as `ssh-keygen -l` prints it. */
export function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}

/** The key type inside an SSH public key blob (its first string), e.g. `ssh-ed25519`. */
export function keyTypeOf(key: Buffer): string {
  if (key.length < 4) return 'unknown';
  const n = key.readUInt32BE(0);
  return key.subarray(4, 4 + n).toString('latin1');
}

/** Short display name of a key type: `ED25519`, `RSA`, `ECDSA` (as OpenSSH's messages say). */
export function keyTypeLabel(type: string): string {
  if (type.includes('ed25519')) return 'ED25519';
  if (type.includes('rsa')) return 'RSA';
  if (type.includes('ecdsa')) return 'ECDSA';
  if (type.includes('dss')) return 'DSA';
  return type;
}

function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
  return re.test(name);
}

function hashedMatch(pattern: string, name: string): boolean {
  const [, magic, salt, hash] = pattern.split('|');
  if (magic !== '1' || salt === undefined || hash === undefined) return false;
  return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
}

/** Does a comma-separated host pattern list match `name`? A matching negated pattern (`!pat`) vetoes. */
export function patternsMatch(patterns: string, name: string): boolean {
  if (patterns.startsWith('|')) return hashedMatch(patterns, name);
  let matched = false;
  for (const p of patterns.split(',')) {
    if (p.startsWith('!')) {
      if (globMatch(p.slice(1), name)) return false;
    } else if (globMatch(p, name)) matched = true;
  }
  return matched;
}

/** Parse one known_hosts file; comments, blank and malformed lines are skipped. Missing files give []. */
export function readKnownHosts(file: string): KnownHostEntry[] {
  if (!existsSync(file)) return [];
  const out: KnownHostEntry[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((raw, i) => {
      const text = raw.trim();
      if (text === '' || text.startsWith('#')) return;
      const words = text.split(/\s+/);
      let marker: KnownHostEntry['marker'];
      if (words[0] === '@revoked' || words[0] === '@cert-authority') marker = (words.shift() as string).slice(1) as KnownHostEntry['marker'];
      const [patterns, keyType, b64] = words;
      if (!patterns || !keyType || !b64) return;
      out.push({ file, line: i + 1, marker, patterns, keyType, key: Buffer.from(b64, 'base64') });
    });
  return out;
}

/** Verdict for the key a server offered under `name` (see knownHostsName), checking every file in order. */
export function verifyHostKey(files: readonly string[], name: string, key: Buffer): HostKeyVerdict {
  const entries = files.flatMap(readKnownHosts).filter((e) => e.marker !== 'cert-authority' && patternsMatch(e.patterns, name));
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(key));
  if (revoked) return { status: 'revoked', entry: revoked };
  const match = entries.find((e) => e.marker === undefined && e.key.equals(key));
  if (match) return { status: 'match', entry: match };
  const type = keyTypeOf(key);
  const changed = entries.find((e) => e.marker === undefined && e.keyType === type);
  return changed ? { status: 'changed', entry: changed } : { status: 'unknown' };
}

/** Key types known for `name`, to prefer them in the key exchange (as OpenSSH does). */
export function knownKeyTypes(files: readonly string[], name: string): string[] {
  const types = files.flatMap(readKnownHosts).filter((e) => e.marker === undefined && patternsMatch(e.patterns, name)).map((e) => e.keyType);
  return [...new Set(types)];
}

/** Append `name type base64` to a known_hosts file (created 0600 in a 0700 folder when missing). */
export function addKnownHost(file: string, name: string, key: Buffer): void {
  makeDirsSync(dirname(file), 0o700);
  const needsNewline = existsSync(file) && statSync(file).size > 0 && !readFileSync(file, 'utf8').endsWith('\n');
  appendFileSync(file, `${needsNewline ? '\n' : ''}${name} ${keyTypeOf(key)} ${key.toString('base64')}\n`, { mode: 0o600 });
}
