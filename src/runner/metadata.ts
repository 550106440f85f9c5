// Writes RUNPERF_METADATA in run-perf's format: user metadata, distro, version, the masked command line, machines, environment.
import { createHash } from 'node:crypto';
import { MASK, maskItemSpec, maskPair, SECRET_KEY } from './mask.js';

export interface MetadataInput {
  /** `--metadata K=V` pairs and the config's metadata, in order. */
  user: Readonly<Record<string, string>>;
  distro: string;
  guestDistro?: string;
  version: string;
  /** The program name and its argv as typed. */
  prog: string;
  argv: readonly string[];
  /** Content of --host-setup-script, shown in the command line as `sha1:<6 hex>`. */
  hostSetupScript?: string;
  /** Host addresses. */
  machines: readonly string[];
}

const VALUE_OPTIONS = new Set(['--metadata', '--host-setup-script', '--default-passwords', '--default-password']);

/** run-perf's runperf_cmd: argv joined by spaces, every --metadata value and JSON secret masked, scripts as hashes. */
export function maskCommandLine(prog: string, argv: readonly string[], hostSetupScript?: string): string {
  const out = [prog];
  let option = '';
  for (const word of argv) {
    if (word.startsWith('-')) {
      option = VALUE_OPTIONS.has(word) ? word : '';
      out.push(word);
    } else if (option === '--metadata') out.push(maskPair(word));
    else if (option === '--host-setup-script') {
      out.push(hostSetupScript === undefined ? word : `sha1:${createHash('sha1').update(hostSetupScript).digest('hex').slice(0, 6)}`);
      option = '';
    } else if (option.startsWith('--default-password')) out.push(MASK);
    else out.push(maskItemSpec(word));
  }
  return out.join(' ');
}

/** One `key:value` line; newlines inside values are flattened so the file stays one key per line. */
const line = (k: string, v: string) => `${k}:${v.replace(/\r?\n/g, ' ')}\n`;

/** The RUNPERF_METADATA text before the environment is known (run-perf writes it at the start). */
export function formatMetadata(m: MetadataInput): string {
  let text = '';
  for (const [k, v] of Object.entries(m.user)) text += line(k, SECRET_KEY.test(k) ? MASK : v);
  text += line('distro', m.distro);
  text += line('guest_distro', m.guestDistro === undefined || m.guestDistro === m.distro ? 'DISTRO' : m.guestDistro);
  text += line('runperf_version', m.version);
  text += line('runperf_cmd', maskCommandLine(m.prog, m.argv, m.hostSetupScript));
  text += line('machine', m.machines.join(','));
  const base = m.user['machine_url_base'];
  const first = m.machines[0] ?? '';
  text += `machine_url:${base ? base.replace(/%\(machine\)s/g, first) : first}`;
  return text;
}

/** Appended later, like run-perf: `\n<key>:<one-line JSON>` (e.g. environment_world, environment_profile_<P>). */
export function metadataJsonLine(key: string, value: unknown): string {
  return `\n${key}:${JSON.stringify(value)}`;
}
