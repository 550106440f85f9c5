// The package entry (`import … from 'perfgate'`) exists and exposes the plugin contract, the reader and the engine.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as errorsModule from '../../src/errors.js';
import * as api from '../../src/index.js';
import { COMPAT_RESULTS } from '../support/fixtures.js';

const ROOT = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; types: string; exports: { '.': { import: string; types: string } } };

describe("package entry 'perfgate'", () => {
  it('maps to dist/index.js, built from src/index.ts', () => {
    expect(pkg.exports['.'].import).toBe('./dist/index.js');
    expect(pkg.exports['.'].types).toBe('./dist/index.d.ts');
    expect(pkg.main).toBe('./dist/index.js');
    expect(existsSync(join(ROOT, 'src/index.ts'))).toBe(true);
  });

  it('exposes definePlugin, the reader, the engine, the reporters and the error classes', () => {
    for (const name of ['definePlugin', 'readResultTree', 'comparePerf', 'compareTrees', 'createMethod', 'renderXunit', 'renderJson', 'renderHtml', 'isPerfgateError'] as const) {
      expect(typeof api[name], name).toBe('function');
    }
    expect(api.PLUGIN_API_VERSION).toBe(1);
    const plugin = api.definePlugin({ name: 'x', apiVersion: 1 });
    expect(plugin.name).toBe('x');
    expect(new api.UsageError('bad', 'a hint')).toBeInstanceOf(api.PerfgateError);
  });

  it('the built entry (when built) exports the same names', async () => {
    const built = join(ROOT, 'dist/index.js');
    if (!existsSync(built)) return; // CI builds before testing; a fresh checkout may not have dist/ yet
    const mod = (await import(pathToFileURL(built).href)) as Record<string, unknown>;
    expect(Object.keys(mod).sort()).toEqual(Object.keys(api).sort());
  });

  it('recognises an error from another copy of perfgate (a plugin importing the package while the CLI runs its bundle)', async () => {
    const built = join(ROOT, 'dist/errors.js');
    if (!existsSync(built)) return;
    const other = (await import(pathToFileURL(built).href)) as typeof errorsModule;
    const e = new other.ConfigError('bad option', ['x: must be a number']);
    expect(e).not.toBeInstanceOf(api.PerfgateError);
    expect(api.isPerfgateError(e)).toBe(true);
    expect(api.isPerfgateError(new Error('plain'))).toBe(false);
  });
});

describe('bundled binaries (dist/bin)', () => {
  const bins = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin;
  const bin = (name: string) => join(ROOT, bins[name] as string);
  /** The offline CLIs: a CommonJS launcher and bundle each (scripts/bundle-cli.mjs), run through the code cache. */
  const codeCached = ['analyze-perf', 'compare-perf', 'diff-perf', 'strip-run-perf'];
  const built = existsSync(join(ROOT, 'dist/cli'));

  it('exist for every bin of package.json once built, and resolve package.json and templates/ from the bundle', () => {
    if (!built) return; // CI builds before testing
    for (const [name, path] of Object.entries(bins)) {
      expect(path).toBe(`./dist/bin/${name}.${codeCached.includes(name) ? 'cjs' : 'js'}`);
      expect(existsSync(join(ROOT, path)), path).toBe(true);
    }
    const version = spawnSync(process.execPath, [bin('compare-perf'), '--version'], { encoding: 'utf8' });
    expect(version.stdout).toBe(`compare-perf (perfgate) ${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`);
    const out = mkdtempSync(join(tmpdir(), 'perfgate-bundle-'));
    const html = join(out, 'r.html');
    const r = spawnSync(process.execPath, [bin('compare-perf'), '--html', html, '--xunit', join(out, 'r.xml'), join(COMPAT_RESULTS, '1_base/result_20200726_080654'), join(COMPAT_RESULTS, '2_kernel_update/result_20200726_114437')], { encoding: 'utf8' });
    expect([0, 2]).toContain(r.status);
    expect(readFileSync(html, 'utf8')).toContain('<!DOCTYPE html>');
    // the bundle's build-time CSP hashes (scripts/bundle-cli.mjs) match the scripts it inlines, with charts too
    const charts = join(out, 'charts.html');
    spawnSync(process.execPath, [bin('compare-perf'), '--html', charts, '--html-with-charts', join(COMPAT_RESULTS, '1_base/result_20200726_080654'), join(COMPAT_RESULTS, '2_kernel_update/result_20200726_114437')], { encoding: 'utf8' });
    for (const [file, scripts] of [[html, 1], [charts, 2]] as const) {
      const text = readFileSync(file, 'utf8');
      const allowed = /script-src ([^;"]*)/.exec(text.replaceAll('&#39;', "'"))?.[1] ?? '';
      const inline = [...text.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1] as string);
      expect(inline, file).toHaveLength(scripts);
      for (const js of inline) expect(allowed, file).toContain(`'sha256-${createHash('sha256').update(js, 'utf8').digest('base64')}'`);
    }
    for (const name of Object.keys(bins)) {
      const v = spawnSync(process.execPath, [bin(name), '--version'], { encoding: 'utf8' });
      expect(v.status, name).toBe(0);
      expect(v.stdout, name).toMatch(new RegExp(`^${name} \\(perfgate\\) \\d+\\.\\d+\\.\\d+\\n$`));
    }
    // a deleted working folder: one line and the environment exit code, not process.cwd()'s stack trace
    const gone = mkdtempSync(join(tmpdir(), 'perfgate-gone-'));
    const cwdGone = spawnSync('sh', ['-c', 'cd "$1" && rmdir "$1" && exec "$2" "$3" a b', 'sh', gone, process.execPath, bin('compare-perf')], { encoding: 'utf8' });
    expect(cwdGone.status).toBe(69);
    expect(cwdGone.stderr).toBe('compare-perf: error: the current working folder cannot be read (ENOENT)\n  hint: cd to an existing folder and run it again\n');
    const usage = spawnSync(process.execPath, [bin('analyze-perf'), '--bogus'], { encoding: 'utf8' });
    expect(usage.status).toBe(64);
    expect(usage.stderr).toMatch(/^analyze-perf: error: unknown option --bogus/);
  });

  it('stop the offline CLIs at once on SIGINT and SIGTERM, which their synchronous work would have swallowed', async () => {
    if (!built) return;
    // an output that is a FIFO blocks its synchronous write until someone reads it (the reader never opens a FIFO
    // among the results): the CLI is busy in synchronous work, as in a long run
    const dir = mkdtempSync(join(tmpdir(), 'perfgate-signal-'));
    const fifo = join(dir, 'out.fifo');
    if (spawnSync('mkfifo', [fifo]).status !== 0) return; // no mkfifo here
    const results = [join(COMPAT_RESULTS, '1_base/result_20200726_080654'), join(COMPAT_RESULTS, '1_base/result_20200726_091827')];
    const env = { ...process.env, PERFGATE_CACHE_DIR: 'off' };
    for (const [name, args, sig] of [
      ['compare-perf', ['--json', fifo, ...results], 'SIGINT'],
      // the CSV is written first: the model after it must never appear
      ['analyze-perf', ['-c', fifo, '-s', join(dir, 'm.json'), ...results], 'SIGTERM'],
    ] as const) {
      const child = spawn(process.execPath, [bin(name), ...args], { env, stdio: 'ignore' });
      const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
      await new Promise((r) => setTimeout(r, 1500));
      child.kill(sig);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const end = await ended;
      clearTimeout(timer);
      // killed by the signal itself, as Node does by default: the shell sees 128 + n (130 for Ctrl-C), never 0
      expect(end, name).toEqual({ code: null, signal: sig });
    }
    expect(existsSync(join(dir, 'm.json'))).toBe(false);
  });

  it('report a full disk on stdout as an environment error (exit 69), not as a bug', () => {
    if (!built) return;
    const pair = [join(COMPAT_RESULTS, '1_base/result_20200726_080654'), join(COMPAT_RESULTS, '2_kernel_update/result_20200726_114437')];
    const r = spawnSync('sh', ['-c', '"$@" >/dev/full', 'sh', process.execPath, bin('compare-perf'), ...pair], { encoding: 'utf8', env: { ...process.env, PERFGATE_CACHE_DIR: 'off' } });
    expect(r.status).toBe(69);
    expect(r.stderr).toContain('compare-perf: error: cannot write to standard output (ENOSPC)\n  hint: ');
    const version = spawnSync('sh', ['-c', '"$@" >/dev/full', 'sh', process.execPath, bin('diff-perf'), '--version'], { encoding: 'utf8' });
    expect(version.status).toBe(69);
    expect(version.stderr).toMatch(/^diff-perf: error: cannot write to standard output \(ENOSPC\)\n {2}hint: /);
  });

  it('run the offline CLIs through the code cache: written once by a real run, then taken as it is', () => {
    if (!built) return;
    for (const name of codeCached) {
      expect(existsSync(join(ROOT, 'dist/bin', `${name}.bundle.cjs`)), name).toBe(true);
      // the launcher is a script like its bundle: an ES entry would start Node's ESM loader at every start
      expect(readFileSync(bin(name), 'utf8'), name).toMatch(/^#!\/usr\/bin\/env node\n"use strict";\n/);
    }
    const cache = mkdtempSync(join(tmpdir(), 'perfgate-code-cache-bin-'));
    const env = { ...process.env, PERFGATE_CACHE_DIR: cache };
    const code = join(cache, 'code');
    const compare = (...args: string[]) => spawnSync(process.execPath, [bin('compare-perf'), ...args], { encoding: 'utf8', env });
    const pair = [join(COMPAT_RESULTS, '1_base/result_20200726_080654'), join(COMPAT_RESULTS, '2_kernel_update/result_20200726_114437')];
    expect(compare('--help').status).toBe(0);
    expect(compare('-vh').status).toBe(0); // help in other spellings too
    expect(compare('--he').status).toBe(0);
    expect(compare('--version').status).toBe(0);
    expect(compare('--bogus').status).toBe(64);
    expect(compare('--', 'no/such/result', 'b').status).toBe(64);
    expect(existsSync(code)).toBe(false); // help and usage errors compile a third of the code: not kept
    const first = compare('-v', ...pair);
    expect([0, 2]).toContain(first.status);
    const files = readdirSync(code);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^compare-perf-[0-9a-f]{16}-[0-9a-f]{16}-\\d+-\\d+-node-${process.version.replaceAll('.', '\\.')}-v8-${process.versions.v8.replaceAll('.', '\\.')}-${process.arch}\\.bin$`));
    const written = statSync(join(code, files[0] as string));
    const second = compare('-v', ...pair);
    expect(second.stdout).toBe(first.stdout);
    expect(second.status).toBe(first.status);
    // taken, not rewritten: a rejected cache would be replaced by a new file (rename)
    const after = statSync(join(code, files[0] as string));
    expect([after.ino, after.mtimeMs]).toEqual([written.ino, written.mtimeMs]);
    expect(readdirSync(code)).toEqual(files);
    // a corrupted file (V8 would run it: release builds skip its checksum) is caught by ours, and written afresh
    const cacheFile = join(code, files[0] as string);
    const bytes = readFileSync(cacheFile);
    for (const at of [Math.floor(bytes.length * 0.2), Math.floor(bytes.length * 0.5), Math.floor(bytes.length * 0.75)]) bytes[at] = (bytes[at] as number) ^ 0xff;
    writeFileSync(cacheFile, bytes, { mode: 0o600 });
    const corrupted = compare('-v', ...pair);
    expect(corrupted.status).toBe(first.status);
    expect(corrupted.stdout).toBe(first.stdout);
    expect(statSync(cacheFile).ino).not.toBe(written.ino);
    expect(compare('-v', ...pair).stdout).toBe(first.stdout);
    // a cache folder that cannot be created (Node's own recursive mkdir never returned under /proc) only costs speed
    const proc = spawnSync(process.execPath, [bin('compare-perf'), ...pair], { encoding: 'utf8', env: { ...env, PERFGATE_CACHE_DIR: '/proc/perfgate-cache' }, timeout: 30_000, killSignal: 'SIGKILL' });
    expect(proc.signal).toBeNull();
    expect(proc.stdout).toBe(compare(...pair).stdout);
  });
});
