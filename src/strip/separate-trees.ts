// strip-run-perf's SRC and DST must be apart: a DST in SRC would be written into the tree being copied.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { realPathOf } from '../real-path.js';
import { UsageError } from '../errors.js';

/** True when `child` is `parent` or lies below it (both absolute). */
function isWithin(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Throw a UsageError (exit 64) when `dst` is `src`, lies inside it, or contains it, as given or once symbolic links
 * are resolved. Inside SRC the output would land in the tree being read (and its size be counted as SRC's);
 * a DST holding SRC is not empty, and writing there would mix the copy with its source.
 */
export function assertSeparateTrees(src: string, dst: string): void {
  const srcs = [resolve(src), realPathOf(src)];
  const dsts = [resolve(dst), realPathOf(dst)];
  const via = (given: string, real: string) => (given === real ? '' : ` (${real} once symbolic links are resolved)`);
  const hint = 'pass a DST outside SRC, e.g. a sibling folder such as ./stripped';
  for (const d of dsts) {
    for (const s of srcs) {
      if (isWithin(d, s)) {
        const what = d === s ? `is the source '${src}' itself` : `lies inside the source '${src}'`;
        throw new UsageError(`destination '${dst}'${via(resolve(dst), d)} ${what}`, hint, 'PERFGATE_OUTPUT_IN_SOURCE');
      }
      if (isWithin(s, d)) {
        throw new UsageError(`source '${src}'${via(resolve(src), s)} lies inside the destination '${dst}'`, hint, 'PERFGATE_OUTPUT_HOLDS_SOURCE');
      }
    }
  }
}
