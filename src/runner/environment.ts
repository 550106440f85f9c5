// Collects a host's environment_world entry: kernel and cmdline, CPU, memory, mitigations, packages, fio version.
import type { Target } from './targets/types.js';

export type EnvironmentInfo = Record<string, string>;

async function out(target: Target, argv: readonly string[], signal?: AbortSignal): Promise<string | undefined> {
  try {
    const r = await target.transport.exec(argv, { reject: false, timeoutMs: 60_000, signal });
    return r.failed ? undefined : r.stdout.trimEnd();
  } catch {
    return undefined;
  }
}

/** `KEY=value` lines of /etc/os-release → the distro string (`Debian GNU/Linux 12 (bookworm)`), or `Unknown`. */
export function distroFromOsRelease(text: string | undefined): string {
  const m = text?.match(/^PRETTY_NAME="?([^"\n]*)"?$/m);
  return m?.[1] ?? 'Unknown';
}

/** One host's environment, keyed like run-perf's distro_info (`general`, `kernel_raw`, `kernel`, `mitigations`) plus perfgate's extras. */
export async function collectEnvironment(target: Target, signal?: AbortSignal): Promise<EnvironmentInfo> {
  const [osRelease, uname, cmdline, mitigations, cpuinfo, meminfo, nproc, dpkg, rpm, fio] = await Promise.all([
    out(target, ['cat', '/etc/os-release'], signal),
    out(target, ['uname', '-r', '-v', '-m', '-o'], signal),
    out(target, ['cat', '/proc/cmdline'], signal),
    out(target, ['grep', '-r', '.', '/sys/devices/system/cpu/vulnerabilities/'], signal),
    out(target, ['grep', '-m1', '^model name', '/proc/cpuinfo'], signal),
    out(target, ['grep', '^MemTotal', '/proc/meminfo'], signal),
    out(target, ['nproc'], signal),
    out(target, ['dpkg-query', '-W', '-f', '${Package} ${Version}\n'], signal),
    out(target, ['rpm', '-qa'], signal),
    out(target, ['fio', '--version'], signal),
  ]);
  const release = (uname ?? '').split(' ')[0] ?? '';
  const sortedCmdline = (cmdline ?? '').split(/\s+/).filter(Boolean).sort().join(' ');
  const env: EnvironmentInfo = {
    general: `Name:${target.name}\nDistro:${distroFromOsRelease(osRelease)}`,
    kernel_raw: `${uname ?? 'Unknown'}\n${cmdline ?? ''}`,
    kernel: `${release ? (uname ?? '').replace(release, 'FILTERED') : 'Unknown'}\n${sortedCmdline}`,
    mitigations: (mitigations ?? '').split('\n').sort().join('\n'),
    cpu: `${(cpuinfo ?? '').replace(/^model name\s*:\s*/, '') || 'Unknown'} x ${nproc ?? '?'}`,
    memory: (meminfo ?? 'Unknown').replace(/^MemTotal:\s*/, ''),
    fio: fio ?? 'not installed',
  };
  if (dpkg !== undefined) env['dpkg'] = dpkg.split('\n').sort().join('\n');
  if (rpm !== undefined) env['rpm'] = rpm.split('\n').sort().join('\n');
  return env;
}
