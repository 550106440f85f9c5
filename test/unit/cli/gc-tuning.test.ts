// tuneForHistory: V8's settings (and node:v8 with them) only from LONG_HISTORY_BUILDS builds on.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LONG_HISTORY_BUILDS } from '../../../src/cli/gc-tuning.js';

const MODULE = new URL('../../../src/cli/gc-tuning.ts', import.meta.url).href;

/** Whether node:v8 is loaded after tuneForHistory(builds), in a fresh Node. */
function loadsV8(builds: number): boolean {
  const code = `import { tuneForHistory } from ${JSON.stringify(MODULE)}; tuneForHistory(${builds}); process.stdout.write(String(process.moduleLoadList.includes('NativeModule v8')));`;
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
