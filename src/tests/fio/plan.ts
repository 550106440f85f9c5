// Expands fio parameters into iterations (test type × block size × swept options) and renders each iteration's job file.
import { cartesian, sweepSuffix } from '../../plugins/sweep.js';
import type { Scalar } from '../../plugins/sweep.js';
import type { PlannedIteration } from '../../plugins/types.js';
import type { JobSection } from './job-file.js';
import { renderJobFile } from './job-file.js';
import type { FioParams } from './params.js';
import type { ResolvedTarget } from './targets.js';
import { targetSection } from './targets.js';

export interface FioIteration extends PlannedIteration {
  /** fio options of this combination (rw, bs, iodepth, …), before runtime and targets. */
  options: Record<string, Scalar>;
}

/**
 * One iteration per combination, named like pbench-fio (`read-4KiB`) plus the swept values (`-iodepth8-numjobs4`), or
 * after the job file (`myjob-iodepth8`) when it sets rw/bs itself.
 */
export function expandIterations(p: FioParams): FioIteration[] {
  const dims: Record<string, Scalar | Scalar[]> = {};
  if (p.testTypes.length > 0) dims['rw'] = p.testTypes;
  if (p.blockSizes.length > 0) dims['bs'] = p.blockSizes;
  for (const [k, v] of Object.entries(p.options)) dims[k] = v;
  return cartesian(dims).map((combo) => {
    const { rw, bs, ...rest } = combo.values;
    const base = [rw ?? p.jobFile?.name ?? 'fio', ...(bs === undefined ? [] : [`${bs}KiB`])].join('-');
    const suffix = sweepSuffix({ values: rest, varying: combo.varying.filter((k) => k !== 'rw' && k !== 'bs') });
    const options: Record<string, Scalar> = { ...(rw === undefined ? {} : { rw }), ...(bs === undefined ? {} : { bs: `${bs}k` }), ...rest };
    return {
      name: `${base}${suffix}`,
      params: options,
      samples: p.samples,
      estimatedSampleSeconds: p.runtime + p.ramptime + 1,
      options,
    };
  });
}

/**
 * The job file of one iteration for one worker: perfgate's [global] (time-based runtime, ramp, group_reporting, the
 * iteration's options, data file names tagged with the worker so servers sharing a folder never collide), one job
 * section per target, then the user's job file if any (its own [global] and sections come later, so they win).
 */
export function jobFileFor(it: FioIteration, p: FioParams, targets: readonly ResolvedTarget[], tag: string): string {
  const global: JobSection = {
    name: 'global',
    options: {
      runtime: p.runtime,
      ramp_time: p.ramptime,
      time_based: true,
      group_reporting: 1,
      filename_format: `perfgate-fio.${tag}.$jobname.$jobnum.$filenum`,
      // per-interval logs, written to fio's working folder (client mode: shipped back to the client's, suffixed .<host>)
      ...(p.logAvgMsec > 0 ? { write_iops_log: tag, write_bw_log: tag, write_lat_log: tag, log_avg_msec: p.logAvgMsec } : {}),
      ...it.options, // raw fio-options win
    },
  };
  if (p.jobFile) {
    // a job file takes at most one target, as [global] directory= or filename= for its own jobs
    const t = targets[0];
    if (t) Object.assign(global.options, targetSection(t, 0, tag).options);
    return renderJobFile([global], p.jobFile.text);
  }
  return renderJobFile([global, ...targets.map((t, i) => targetSection(t, i, tag))]);
}
