// writeFileAtomic: whole files through a temporary sibling and a rename; links, devices and FIFOs written in place.
import { spawn } from 'node:child_process';
import { chmodSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/cli/atomic-write.js';

const fresh = () => mkdtempSync(join(tmpdir(), 'perfgate-atomic-'));

describe('writeFileAtomic', () => {
  it('creates and replaces a file, leaving no temporary file behind', () => {
    const dir = fresh();
    const file = join(dir, 'r.xml');
    writeFileAtomic(file, 'one');
    expect(readFileSync(file, 'utf8')).toBe('one');
    const before = statSync(file).ino;
    writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(statSync(file).ino).not.toBe(before); // a new file renamed over the old one, never the old one cut short
    expect(readdirSync(dir)).toEqual(['r.xml']);
  });

  it('keeps the permission bits of the file it replaces (a private report stays private)', () => {
    const dir = fresh();
    const file = join(dir, 'r.html');
    writeFileSync(file, 'old');
    chmodSync(file, 0o600);
    writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('writes a file with other hard links in place, so every link sees the new content', () => {
    const dir = fresh();
    writeFileSync(join(dir, 'r.xml'), 'old');
    linkSync(join(dir, 'r.xml'), join(dir, 'h.xml'));
    writeFileAtomic(join(dir, 'r.xml'), 'new');
    expect(readFileSync(join(dir, 'h.xml'), 'utf8')).toBe('new');
    expect(statSync(join(dir, 'r.xml')).ino).toBe(statSync(join(dir, 'h.xml')).ino);
  });

  it('handles a name at the file-name limit (the temporary name is kept short)', () => {
    const dir = fresh();
    const file = join(dir, `${'r'.repeat(250)}.html`);
    writeFileAtomic(file, 'one');
    writeFileAtomic(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(dir)).toHaveLength(1);
  });

  it('writes through a symbolic link without replacing the link', () => {
    const dir = fresh();
    mkdirSync(join(dir, 'real'));
    writeFileSync(join(dir, 'real', 'r.html'), 'old');
    symlinkSync(join(dir, 'real', 'r.html'), join(dir, 'link.html'));
    writeFileAtomic(join(dir, 'link.html'), 'new');
    expect(lstatSync(join(dir, 'link.html')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.html'))).toBe(join(dir, 'real', 'r.html'));
    expect(readFileSync(join(dir, 'real', 'r.html'), 'utf8')).toBe('new');
  });

  it('writes into a FIFO instead of replacing it (like /dev/stdout)', async () => {
    const dir = fresh();
    const fifo = join(dir, 'out');
    const made = await new Promise<number | null>((done) => spawn('mkfifo', [fifo]).on('close', done));
    if (made !== 0) return; // no mkfifo here
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (b: Buffer) => (got += b.toString()));
    const closed = new Promise((done) => reader.on('close', done));
    writeFileAtomic(fifo, 'through the pipe');
    await closed;
    expect(got).toBe('through the pipe');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['out']);
  });

  it('throws the file-system error for a folder or a missing folder, and leaves nothing behind', () => {
    const dir = fresh();
    mkdirSync(join(dir, 'sub'));
    expect(() => writeFileAtomic(join(dir, 'sub'), 'x')).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    expect(() => writeFileAtomic(join(dir, 'missing', 'r.xml'), 'x')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(readdirSync(dir)).toEqual(['sub']);
    expect(readdirSync(join(dir, 'sub'))).toEqual([]);
  });
});
