// makeDirsSync / makeDirs: mkdir -p that fails, rather than spins, where a file system refuses new entries.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDirs, makeDirsSync } from '../../src/make-dirs.js';

const MODULE = new URL('../../src/make-dirs.ts', import.meta.url).href;

describe.each([
  ['makeDirsSync', async (p: string, mode?: number) => makeDirsSync(p, mode)],
  ['makeDirs', makeDirs],
])('%s', (name, make) => {
  it('creates missing parents with the mode, and accepts an existing folder', async () => {
    const root = mkdtempSync(join(tmpdir(), 'perfgate-make-dirs-'));
    const deep = join(root, 'a', 'b', 'c');
    await make(deep, 0o700);
    for (const d of [join(root, 'a'), join(root, 'a', 'b'), deep]) expect(statSync(d).mode & 0o777).toBe(0o700 & ~process.umask());
    await make(deep);
    await make(`${root}/a/../a/b/`);
    expect(statSync(deep).isDirectory()).toBe(true);
  });

  it('fails on a file in the way', async () => {
    const root = mkdtempSync(join(tmpdir(), 'perfgate-make-dirs-'));
    writeFileSync(join(root, 'f'), '');
    await expect(make(join(root, 'f'))).rejects.toMatchObject({ code: 'EEXIST' });
    await expect(make(join(root, 'f', 'x'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it('fails with ENOENT under /proc, where Node\'s recursive mkdir never returns', () => {
    const call = name === 'makeDirsSync' ? `m.makeDirsSync('/proc/perfgate-x/y')` : `await m.makeDirs('/proc/perfgate-x/y')`;
    const code = `const m = await import(${JSON.stringify(MODULE)}); try { ${call}; console.log('created'); } catch (e) { console.log(e.code); }`;
    const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
    expect(r.signal).toBeNull();
    expect(r.stdout.trim()).toBe('ENOENT');
  });
});
