// readRegularFile: regular files only, of bounded size, and never a blocking open.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRegularFile, readRegularText } from '../../../src/result/regular-file.js';

const dir = mkdtempSync(join(tmpdir(), 'perfgate-regular-'));

describe('readRegularFile', () => {
  it('reads a regular file, also through a link, including an empty one', () => {
    writeFileSync(join(dir, 'a.json'), '[1, 2]');
    symlinkSync(join(dir, 'a.json'), join(dir, 'link.json'));
    writeFileSync(join(dir, 'empty'), '');
    expect(readRegularText(join(dir, 'link.json'))).toBe('[1, 2]');
    expect(readRegularFile(join(dir, 'empty')).length).toBe(0);
  });

  it('refuses FIFOs, devices and folders with ENOTREG or EISDIR, without blocking', () => {
    expect(spawnSync('mkfifo', [join(dir, 'fifo')]).status).toBe(0);
    expect(() => readRegularFile(join(dir, 'fifo'))).toThrow(/^ENOTREG: a named pipe \(FIFO\) is not a regular file$/);
    expect(() => readRegularFile('/dev/zero')).toThrow(/^ENOTREG: a device is not a regular file$/);
    expect(() => readRegularFile(dir)).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    expect(() => readRegularFile(join(dir, 'missing'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });

  it('stops at the size limit, also for a "regular" file that reports size 0 and never ends', () => {
    writeFileSync(join(dir, 'big'), Buffer.alloc(3000, 65));
    expect(readRegularFile(join(dir, 'big'), 3000).length).toBe(3000);
    expect(() => readRegularFile(join(dir, 'big'), 2999)).toThrow(/^EFBIG: larger than/);
    // procfs files are "regular" with a size of 0: read until their end, or until the limit
    if (existsSync('/proc/self/maps')) {
      expect(readRegularText('/proc/self/maps')).toMatch(/^[0-9a-f]+-[0-9a-f]+ /);
      expect(() => readRegularFile('/proc/self/maps', 64)).toThrow(/^EFBIG: larger than/);
    }
    // pagemap would yield hundreds of gigabytes: it fails (EFBIG, or EINVAL where the kernel wants aligned reads)
    if (existsSync('/proc/self/pagemap')) expect(() => readRegularFile('/proc/self/pagemap', 1024 * 1024)).toThrow();
  });
});
