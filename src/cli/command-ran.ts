// Whether this process went through a command's real work to its end (the code cache keeps only such runs).

/**
 * Set once on globalThis: the bundled CLIs' launcher (code-cache.ts) is a separate bundle with its own copy of this
 * module, and asks at exit whether the run compiled the command's code or only its help and argument checks.
 */
const RAN = Symbol.for('perfgate.command-ran');

/** Record that the command's work is done, whatever its verdict (help, version and errors never get here). */
export function markCommandRan(): void {
  (globalThis as Record<symbol, unknown>)[RAN] = true;
}

/** Whether markCommandRan was called in this process. */
export function commandRan(): boolean {
  return (globalThis as Record<symbol, unknown>)[RAN] === true;
}
