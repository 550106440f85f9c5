// A path with its symbolic links resolved, also when its end does not exist yet (an output about to be written).
import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** `path` made absolute with the symbolic links of its existing part resolved (the missing rest appended as given). */
export function realPathOf(path: string): string {
  const missing: string[] = [];
  for (let p = resolve(path); ; p = dirname(p)) {
    try {
      return join(realpathSync(p), ...missing.reverse());
    } catch {
      // missing (or unreadable): resolve its parent instead; `/` itself always resolves
      if (dirname(p) === p) return resolve(path);
      missing.push(basename(p));
    }
  }
}
