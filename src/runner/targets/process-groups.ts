// Tracks the process groups of running local commands so they can be killed on timeout, abort or process exit (no orphans).

const live = new Set<number>();
let hooked = false;

/** Send a signal to a whole process group; ignores groups that already ended. */
export function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

/** Remember a group; on process exit (including a second Ctrl-C's process.exit) every remembered group gets SIGKILL. */
export function trackGroup(pgid: number): void {
  live.add(pgid);
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const g of live) killGroup(g, 'SIGKILL');
    });
  }
}

export function untrackGroup(pgid: number): void {
  live.delete(pgid);
}

/** Number of groups still running (for tests). */
export function liveGroups(): number {
  return live.size;
}
