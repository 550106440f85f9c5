// V8 settings for commands that hold a long history in memory, set once they know how many builds they read.

/** From this many builds on, the settings below pay (measured at 1,000; below ~100 builds they make no difference). */
export const LONG_HISTORY_BUILDS = 100;

/**
 * Set once tuned, on globalThis: the bundled CLIs' launcher (code-cache.ts) is a separate bundle with its own copy of
 * this module, and must know, because V8 rejects bytecode cached under other flags.
 */
const TUNED = Symbol.for('perfgate.v8-tuned-for-history');

/** Whether tuneForHistory changed V8's settings in this process. */
export function historyTuned(): boolean {
  return (globalThis as Record<symbol, unknown>)[TUNED] === true;
}

/**
 * Two V8 settings for a long history (measured: docs/performance.md), applied when `builds` reaches
 * LONG_HISTORY_BUILDS. Shorter runs skip them, and with them node:v8, whose module loads Node's stream stack.
 * - Pretenuring off. V8 moves an allocation site's objects straight to the old generation once many of them
 *   survive a scavenge. compare-perf judges the same code paths first for results it keeps (the destination)
 *   and then for hundreds of thousands it drops at once (the references' report columns), so those were
 *   pretenured and piled up until a full collection: 1,000 builds peaked at 470-640 MB instead of 240-310 MB
 *   and ran 20-40 % slower.
 * - Old generation grows by 50 % between full collections. V8 picks a factor of up to 4 from its own speed
 *   estimates; most of what a comparison allocates after reading is garbage that survived a scavenge, so the
 *   heap grew far past the live set (126 MB at 1,000 builds): peak RSS 300-312 MB, now 261-272 MB, same time.
 * Both can be set after start-up (the semi-space size cannot), before the history is read.
 */
export function tuneForHistory(builds: number): void {
  if (historyTuned() || builds < LONG_HISTORY_BUILDS) return;
  (globalThis as Record<symbol, unknown>)[TUNED] = true;
  const v8 = process.getBuiltinModule('node:v8');
  v8.setFlagsFromString('--no-allocation-site-pretenuring');
  v8.setFlagsFromString('--heap-growing-percent=50');
}
