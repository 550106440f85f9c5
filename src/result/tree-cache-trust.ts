// Whether a tree-cache folder may be used: owned by this user and writable by nobody else (no crypto, for light imports).
import { statSync } from 'node:fs';

/**
 * Why a cache folder cannot be trusted, or undefined when it can: it must be a folder owned by this user and not
 * writable by group or others (entries are not authenticated, so a shared, writable folder would let another
 * user plant readings). A missing folder is fine (it is created 0700). Without POSIX ownership only the mode counts.
 */
export function treeCacheProblem(dir: string): string | undefined {
  let st;
  try {
    st = statSync(dir, { bigint: true });
  } catch {
    return undefined;
  }
  if (!st.isDirectory()) return `${dir} is not a folder`;
  const uid = typeof process.getuid === 'function' ? BigInt(process.getuid()) : undefined;
  if (uid !== undefined && st.uid !== uid) return `${dir} belongs to another user`;
  if ((st.mode & 0o022n) !== 0n) return `${dir} is writable by group or others (chmod go-w ${dir})`;
  return undefined;
}
