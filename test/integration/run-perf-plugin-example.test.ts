// Runs examples/plugin's own test (npm pack → install into a temp project → run-perf) against this checkout's run-perf.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

describe('examples/plugin', () => {
  it("passes its own install-and-run test through this checkout's run-perf", () => {
    const runPerf = [process.execPath, '--import', `file://${join(REPO, 'node_modules/tsx/dist/loader.mjs')}`, join(REPO, 'src/cli/run-perf.ts')];
    const r = spawnSync(process.execPath, ['--test', 'test/'], { cwd: join(REPO, 'examples/plugin'), encoding: 'utf8', env: { ...process.env, RUN_PERF: JSON.stringify(runPerf) } });
    expect(r.stdout).toMatch(/^# pass 2$/m);
    expect(r.stdout).toMatch(/^# fail 0$/m);
    expect(r.status).toBe(0);
  });
});
