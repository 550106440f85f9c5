// The result-tree writer never overwrites: existing outputs are refused, serials and __error<N>__ folders are claimed exclusively.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { commitSerial, createErrorDir, createOutputDir, createTmpSerial, writeFileAtomic } from '../../../src/runner/result-dir.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'perfgate-rd-'));

describe('result directory', () => {
  it('refuses an existing output folder unless resuming, and requires it when resuming', async () => {
    const root = tmp();
    await expect(createOutputDir(root, false)).rejects.toBeInstanceOf(UsageError);
    await expect(createOutputDir(join(root, 'new'), true)).rejects.toThrow('does not exist');
    await createOutputDir(join(root, 'new'), false);
    expect(existsSync(join(root, 'new'))).toBe(true);
  });

  it('publishes tmp folders as consecutive %04d serials, skipping taken ones', async () => {
    const testDir = join(tmp(), 'Localhost', 'fio');
    mkdirSync(join(testDir, '0001'), { recursive: true });
    writeFileSync(join(testDir, '0001', 'result.json'), '[]');
    const a = await createTmpSerial(testDir);
    expect(a).toMatch(/\/tmp[A-Za-z0-9]{6}$/);
    writeFileSync(join(a, 'result.json'), '["a"]');
    expect(await commitSerial(a, testDir)).toBe(join(testDir, '0000'));
    const b = await createTmpSerial(testDir);
    writeFileSync(join(b, 'result.json'), '["b"]');
    expect(await commitSerial(b, testDir)).toBe(join(testDir, '0002'));
    expect(readFileSync(join(testDir, '0001', 'result.json'), 'utf8')).toBe('[]');
    expect(readFileSync(join(testDir, '0002', 'result.json'), 'utf8')).toBe('["b"]');
  });

  it('gives concurrent commits distinct serials', async () => {
    const testDir = join(tmp(), 'P', 'T');
    const dirs = await Promise.all(Array.from({ length: 8 }, () => createTmpSerial(testDir)));
    const serials = await Promise.all(dirs.map((d) => commitSerial(d, testDir)));
    expect(new Set(serials).size).toBe(8);
    expect(readdirSync(testDir).sort()).toEqual(['0000', '0001', '0002', '0003', '0004', '0005', '0006', '0007']);
  });

  it('claims the first free __error<N>__', async () => {
    const root = tmp();
    expect(await createErrorDir(root)).toBe(join(root, '__error0__'));
    expect(await createErrorDir(root)).toBe(join(root, '__error1__'));
  });

  it('writes files atomically, leaving no temporary siblings', async () => {
    const root = tmp();
    await writeFileAtomic(join(root, 'a', 'f.json'), 'one');
    await writeFileAtomic(join(root, 'a', 'f.json'), 'two');
    expect(readFileSync(join(root, 'a', 'f.json'), 'utf8')).toBe('two');
    expect(readdirSync(join(root, 'a'))).toEqual(['f.json']);
  });
});
