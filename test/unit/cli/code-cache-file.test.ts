// The code-cache file: sealed with length and checksum, read only as a private regular file of this user.
import { chmodSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { endianness, tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { readOwnFile, sealCodeCache, unsealCodeCache, wordChecksum } from '../../../src/cli/code-cache-file.js';

describe('sealCodeCache / unsealCodeCache', () => {
  it('round-trip and find a flipped byte, a cut and a foreign file', () => {
    const data = Buffer.from(Array.from({ length: 10_003 }, (_, i) => (i * 31) % 251));
    const sealed = sealCodeCache(data);
    expect(unsealCodeCache(sealed)?.equals(data)).toBe(true);
    for (const at of [0, 4, 8, 12, 5000, sealed.length - 1]) {
      const bad = Buffer.from(sealed);
      bad[at] = (bad[at] as number) ^ 0x40;
      expect(unsealCodeCache(bad), `byte ${at}`).toBeUndefined();
    }
    expect(unsealCodeCache(sealed.subarray(0, sealed.length - 1))).toBeUndefined();
    expect(unsealCodeCache(Buffer.alloc(4096, 7))).toBeUndefined();
    expect(unsealCodeCache(Buffer.alloc(3))).toBeUndefined();
  });

  it('checksums known values (FNV-1a over 32-bit words, then bytes)', () => {
    expect(wordChecksum(new Uint8Array(0))).toBe(0x811c9dc5);
    // one word 0x00000001 in the machine's byte order: (0x811c9dc5 ^ 1) * 0x01000193 mod 2^32
    const one = endianness() === 'LE' ? Uint8Array.of(1, 0, 0, 0) : Uint8Array.of(0, 0, 0, 1);
    expect(wordChecksum(one)).toBe(Number((BigInt(0x811c9dc5 ^ 1) * 0x01000193n) & 0xffffffffn));
    expect(wordChecksum(Uint8Array.of(1, 0, 0, 0, 2))).not.toBe(wordChecksum(Uint8Array.of(1, 0, 0, 0, 3)));
  });

  it('gives the same checksum wherever the bytes start (an Int32Array needs 4-byte alignment)', () => {
    const backing = new Uint8Array(10_011);
    for (let i = 0; i < backing.length; i++) backing[i] = (i * 131 + 7) % 256;
    for (const start of [0, 1, 2, 3, 4, 5]) {
      const bytes = backing.subarray(start, start + 10_001);
      expect(wordChecksum(bytes), `offset ${start}`).toBe(wordChecksum(Uint8Array.from(bytes)));
    }
    expect(wordChecksum(backing.subarray(1, 9))).not.toBe(wordChecksum(backing.subarray(2, 10)));
  });
});

describe('readOwnFile', () => {
  it('reads a private regular file and nothing else', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfgate-code-file-'));
    const file = join(dir, 'c.bin');
    writeFileSync(file, 'bytes', { mode: 0o600 });
    expect(readOwnFile(file)?.toString()).toBe('bytes');
    chmodSync(file, 0o640);
    expect(readOwnFile(file)).toBeUndefined(); // perfgate writes 0600: anything else came some other way
    chmodSync(file, 0o600);
    const link = join(dir, 'link.bin');
    symlinkSync(file, link);
    expect(readOwnFile(link)).toBeUndefined();
    expect(readOwnFile(join(dir, 'missing.bin'))).toBeUndefined();
    const fifo = join(dir, 'fifo.bin');
    if (spawnSync('mkfifo', ['-m', '600', fifo]).status === 0) expect(readOwnFile(fifo)).toBeUndefined(); // and does not block
  });
});
