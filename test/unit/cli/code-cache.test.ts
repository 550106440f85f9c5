// compileBundle (in fresh Nodes, by its module's URL) and worthKeeping: a CommonJS bundle run through V8's code cache.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeCacheName, worthKeeping } from '../../../src/cli/code-cache.js';

/** A bundle with enough functions that V8's cache is worth checking, which reports what it saw. */
function bundleText(tag: string): string {
  const fns = Array.from({ length: 40 }, (_, i) => `function f${i}(x) { return x * ${i + 1} + ${JSON.stringify(tag)}.length; }`);
  return [
    ...fns,
    `globalThis.__codeCacheTest = { tag: ${JSON.stringify(tag)}, sum: [${fns.map((_, i) => `f${i}`).join(', ')}].reduce((s, f) => s + f(2), 0),`,
    `  file: __filename, dir: __dirname, sep: require('node:path').sep, isModule: typeof module.exports === 'object' && exports === module.exports };`,
  ].join('\n');
}

type Seen = { tag: string; sum: number; file: string; dir: string; sep: string; isModule: boolean };
type Run = { seen: Seen; fromCache: boolean; cacheFile: string | undefined };
const MODULE = new URL('../../../src/cli/code-cache.ts', import.meta.url).href;

/**
 * Compile and run the bundle in a fresh Node (within one process V8's in-memory compilation cache answers before any
 * cache file is read), then save when asked.
 */
function runIt(file: string, folder?: string, save = false): Run {
  const key = folder === undefined ? 'undefined' : JSON.stringify({ folder, cli: 'demo', build: 'b1' });
  const code =
    `import { compileBundle } from ${JSON.stringify(MODULE)};` +
    `const c = compileBundle(${JSON.stringify(file)}, ${key}); c.run(); ${save ? 'c.save();' : ''}` +
    `process.stdout.write(JSON.stringify({ seen: globalThis.__codeCacheTest, fromCache: c.fromCache, cacheFile: c.cacheFile }));`;
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', code], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Run;
}

function setup(): { dir: string; file: string; folder: string } {
  const dir = mkdtempSync(join(tmpdir(), 'perfgate-code-cache-'));
  const file = join(dir, 'demo.cjs');
  writeFileSync(file, bundleText('one'));
  const folder = join(dir, 'cache');
  return { dir, file, folder };
}

describe('compileBundle', () => {
  it('runs a bundle as Node runs a CommonJS module, without a cache when none is asked for', () => {
    const { dir, file } = setup();
    const r = runIt(file, undefined, true); // nothing to write, and no error
    expect(r.seen).toEqual({ tag: 'one', sum: 40 * 2 * 41 / 2 + 40 * 3, file, dir, sep: '/', isModule: true });
    expect(r.fromCache).toBe(false);
    expect(r.cacheFile).toBeUndefined();
  });

  it('writes the bytecode once (0600 in a 0700 folder) and takes it at the next start', () => {
    const { file, folder } = setup();
    expect(runIt(file, folder).cacheFile).toBe(join(folder, 'code', codeCacheName('demo', file, 'b1', statSync(file).size, statSync(file).mtimeMs)));
    expect(existsSync(join(folder, 'code'))).toBe(false); // only save() writes
    const first = runIt(file, folder, true);
    expect(first.fromCache).toBe(false);
    expect(statSync(first.cacheFile as string).mode & 0o777).toBe(0o600);
    expect(statSync(join(folder, 'code')).mode & 0o777).toBe(0o700);
    const bytes = readFileSync(first.cacheFile as string);
    const second = runIt(file, folder, true); // a cache that was taken is not rewritten
    expect(second.fromCache).toBe(true);
    expect(second.seen.sum).toBe(first.seen.sum);
    expect(readFileSync(first.cacheFile as string).equals(bytes)).toBe(true);
  });

  it('recompiles and rewrites when V8 rejects the file, and never meets an edited bundle with old bytecode', () => {
    const { file, folder } = setup();
    const first = runIt(file, folder, true);
    writeFileSync(first.cacheFile as string, Buffer.alloc(4096, 7), { mode: 0o600 });
    const garbage = runIt(file, folder, true);
    expect(garbage.fromCache).toBe(false); // V8's own check
    expect(garbage.seen.tag).toBe('one');
    expect(runIt(file, folder).fromCache).toBe(true);
    // same length, other text, later time: another file, so the old bytecode is never offered to V8
    writeFileSync(file, bundleText('two'));
    utimesSync(file, new Date(), new Date(Date.now() + 5000));
    const edited = runIt(file, folder, true); // and the other build's file under this Node goes
    expect(edited.cacheFile).not.toBe(first.cacheFile);
    expect(edited.fromCache).toBe(false);
    expect(edited.seen.tag).toBe('two');
    expect(readdirSync(join(folder, 'code'))).toEqual([(edited.cacheFile as string).slice(join(folder, 'code').length + 1)]);
  });

  it('keeps other CLIs\', other installations\' and other Nodes\' files when pruning', () => {
    const { file, folder } = setup();
    mkdirSync(join(folder, 'code'), { recursive: true, mode: 0o700 });
    const other = [
      codeCacheName('other', file, 'b1', 1, 2),
      codeCacheName('demo', `${file}.elsewhere`, 'b0', 1, 2),
      codeCacheName('demo', file, 'b0', 1, 2).replace(/-node-.*$/, '-node-v0.0.0-v8-0.0.0-x64.bin'),
    ];
    for (const name of other) writeFileSync(join(folder, 'code', name), 'x', { mode: 0o600 });
    const stale = join(folder, 'code', codeCacheName('demo', file, 'b0', 1, 2));
    writeFileSync(stale, 'x', { mode: 0o600 });
    const r = runIt(file, folder, true);
    expect(readdirSync(join(folder, 'code')).sort()).toEqual([...other, (r.cacheFile as string).slice(join(folder, 'code').length + 1)].sort());
  });

  it('does not trust a cache file or folder that others can write', () => {
    const { file, folder } = setup();
    const first = runIt(file, folder, true);
    chmodSync(first.cacheFile as string, 0o620);
    expect(runIt(file, folder).fromCache).toBe(false);
    chmodSync(first.cacheFile as string, 0o600);
    expect(runIt(file, folder).fromCache).toBe(true);
    chmodSync(join(folder, 'code'), 0o777);
    const open = runIt(file, folder);
    expect(open.cacheFile).toBeUndefined();
    expect(open.fromCache).toBe(false);
    chmodSync(join(folder, 'code'), 0o700);
    chmodSync(folder, 0o757);
    expect(runIt(file, folder).cacheFile).toBeUndefined();
  });

  it('runs without a cache when the folder cannot be written', () => {
    const { dir, file } = setup();
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, '');
    const r = runIt(file, blocker);
    expect(r.cacheFile).toBeUndefined(); // not a folder: untrusted, not used
    const readOnly = join(dir, 'ro');
    mkdirSync(readOnly, { mode: 0o500 });
    const ro = runIt(file, readOnly, true); // root may still write here; either way it does not throw
    expect(ro.seen.tag).toBe('one');
  });
});

describe('worthKeeping', () => {
  it('keeps the bytecode of a run that went through its command under normal flags, and only that', () => {
    expect(worthKeeping(true, false)).toBe(true);
    expect(worthKeeping(false, false)).toBe(false); // help, version, an error: the command's work never ended
    expect(worthKeeping(true, true)).toBe(false); // V8 tuned for a long history
  });

  it('has reason to drop a tuned run: V8 rejects bytecode cached under tuneForHistory\'s flags', () => {
    const dir = mkdtempSync(join(tmpdir(), 'perfgate-code-cache-flags-'));
    const gc = new URL('../../../src/cli/gc-tuning.ts', import.meta.url).href;
    const make = (tune: boolean) =>
      `import { tuneForHistory } from ${JSON.stringify(gc)}; import vm from 'node:vm'; import fs from 'node:fs';` +
      `const s = new vm.Script('function f(x) { return x + 1; } f(1);'); s.runInThisContext();` +
      `${tune ? 'tuneForHistory(1000);' : ''} fs.writeFileSync(${JSON.stringify(join(dir, 'c'))} + ${tune}, s.createCachedData());`;
    const take = (tune: boolean) =>
      `import vm from 'node:vm'; import fs from 'node:fs';` +
      `const s = new vm.Script('function f(x) { return x + 1; } f(1);', { cachedData: fs.readFileSync(${JSON.stringify(join(dir, 'c'))} + ${tune}) });` +
      `process.stdout.write(String(s.cachedDataRejected));`;
    const node = (code: string) => spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', code], { encoding: 'utf8' });
    for (const tune of [false, true]) expect(node(make(tune)).status).toBe(0);
    expect(node(take(false)).stdout).toBe('false');
    expect(node(take(true)).stdout).toBe('true');
  });
});
