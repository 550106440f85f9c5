// tuneForHistory: V8's settings (and node:v8 with them) only from LONG_HISTORY_BUILDS builds on.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LONG_HISTORY_BUILDS } from '../../../src/cli/gc-tuning.js';

const MODULE = new URL('../../../src/cli/gc-tuning.ts', import.meta.url).href;

/**
 * Whether node:v8 is loaded after tuneForHistory(builds), in a fresh Node, and whether historyTuned() says so, also to
 * another copy of the module (the launcher's, in code-cache.ts, is a separate bundle).
 */
function loadsV8(builds: number): boolean {
  const code =
    `import { tuneForHistory, historyTuned } from ${JSON.stringify(MODULE)}; const other = await import(${JSON.stringify(MODULE + '?copy')});` +
    `const before = historyTuned(); tuneForHistory(${builds}); const v8 = process.moduleLoadList.includes('NativeModule v8');` +
    `if (before || historyTuned() !== v8 || other.historyTuned() !== v8) throw new Error('historyTuned disagrees');` +
    `process.stdout.write(String(v8));`;
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', code], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout === 'true';
}

describe('tuneForHistory', () => {
  it('leaves a short history alone and tunes a long one', () => {
    expect(loadsV8(LONG_HISTORY_BUILDS - 1)).toBe(false);
    expect(loadsV8(LONG_HISTORY_BUILDS)).toBe(true);
  });
});
