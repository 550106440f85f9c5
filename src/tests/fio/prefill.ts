// Prefill job: writes an iteration's data files once sequentially (rw=write, bs=1M) so samples never read never-written blocks.
import type { JobSection } from './job-file.js';
import { renderJobFile } from './job-file.js';
import type { FioIteration } from './plan.js';
import type { ResolvedTarget } from './targets.js';
import { targetSection } from './targets.js';

/** Iteration options that decide which files exist, how big they are, and how they are opened; the rest do not matter here. */
const LAYOUT = new Set(['size', 'numjobs', 'nrfiles', 'filesize', 'offset', 'offset_increment', 'direct', 'ioengine']);

/**
 * The prefill job file of one iteration for one worker: the same job sections (same names, so fio's
 * `filename_format=perfgate-fio.<tag>.$jobname.$jobnum.$filenum` gives the same data files), the iteration's layout
 * options (size, numjobs, nrfiles, direct, ioengine …), then rw=write, bs=1M, written once (not time-based). A file or
 * device target is written by one job (numjobs=1), not once per clone. The text is also the key that avoids writing the
 * same files twice on a worker.
 */
export function prefillJobFile(it: FioIteration, targets: readonly ResolvedTarget[], tag: string): string {
  const layout = Object.fromEntries(Object.entries(it.options).filter(([k]) => LAYOUT.has(k)));
  const global: JobSection = {
    name: 'global',
    options: { ...layout, rw: 'write', bs: '1M', group_reporting: 1, filename_format: `perfgate-fio.${tag}.$jobname.$jobnum.$filenum` },
  };
  const sections = targets.map((t, i) => {
    const s = targetSection(t, i, tag);
    return t.kind === 'dir' ? s : { ...s, options: { ...s.options, numjobs: 1 } };
  });
  return renderJobFile([global, ...sections]);
}
