// Vitest configuration: unit and integration tests under test/, generous timeouts for real fio/sshd/Chromium.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // the CLIs' tree cache (on by default) goes to a fresh folder per test run, not the user's ~/.cache
    env: { PERFGATE_CACHE_DIR: mkdtempSync(join(tmpdir(), 'perfgate-test-cache-')) },
  },
});
