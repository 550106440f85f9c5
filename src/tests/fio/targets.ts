// fio targets on a worker: directories (perfgate's data files inside), existing or new files, block devices; probing and cleanup.
import type { Target } from '../../runner/targets/types.js';
import { EnvironmentError } from '../../errors.js';
import type { JobSection } from './job-file.js';

export interface ResolvedTarget {
  path: string;
  /** dir: data files are created inside; file: any other existing path (never removed); device: a block device; new: a file fio creates (removed after). */
  kind: 'dir' | 'file' | 'device' | 'new';
}

/** Classify each path on the worker with one command (fixed script; paths arrive as arguments). */
const PROBE = 'for t; do if [ -d "$t" ]; then echo dir; elif [ -b "$t" ]; then echo device; elif [ -e "$t" ]; then echo file; elif [ -d "$(dirname "$t")" ]; then echo new; else echo missing; fi; done';

export async function resolveTargets(worker: Target, paths: readonly string[], signal?: AbortSignal): Promise<ResolvedTarget[]> {
  if (paths.length === 0) return [];
  const r = await worker.transport.exec(['sh', '-c', PROBE, 'sh', ...paths], { signal, timeoutMs: 30_000 });
  const kinds = r.stdout.trim().split('\n');
  return paths.map((path, i) => {
    const kind = kinds[i];
    if (kind === 'missing' || kind === undefined) {
      throw new EnvironmentError(`fio target ${path} does not exist on ${worker.name} (nor does its parent folder)`, { code: 'PERFGATE_FIO_TARGET_MISSING', hint: 'create the folder first, or give an existing directory, file or device in "targets"' });
    }
    return { path, kind: kind as ResolvedTarget['kind'] };
  });
}

/** The job section for target i: `directory=` for folders (tagged file names), `filename=` otherwise. */
export function targetSection(t: ResolvedTarget, i: number, tag: string): JobSection {
  return { name: `perfgate-${tag}-${i}`, options: t.kind === 'dir' ? { directory: t.path } : { filename: t.path } };
}

/**
 * Remove the data files perfgate made: in directories, files named `*perfgate-fio.<tag>.*` (a fio server prefixes them
 * with its address); files fio created from nothing. Existing files and devices are left alone.
 */
export async function cleanupTargets(worker: Target, targets: readonly ResolvedTarget[], tag: string): Promise<void> {
  for (const t of targets) {
    if (t.kind === 'dir') await worker.transport.exec(['find', t.path, '-maxdepth', '1', '-type', 'f', '-name', `*perfgate-fio.${tag}.*`, '-delete'], { reject: false, timeoutMs: 60_000 });
    if (t.kind === 'new') await worker.transport.exec(['rm', '-f', '--', t.path], { reject: false, timeoutMs: 60_000 });
  }
}
