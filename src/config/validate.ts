// Validates a config object and normalises it; collects every problem with its dot-path instead of stopping at the first.
import { isAbsolute, resolve } from 'node:path';
import { validateSsh, validateSshHost } from './ssh.js';
import type { NormalizedConfig, NormalizedItem, SshHostWritten } from './types.js';

const KEYS = ['hosts', 'ssh', 'profiles', 'tests', 'plugins', 'output', 'metadata', 'retryTests', 'hostSetupScript', 'keepTmpFiles', 'verbose', 'log'];

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function items(value: unknown, path: string, issues: string[]): NormalizedItem[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    issues.push(`${path}: must be a list of "name", ["name", {options}] or "Name:{json}"`);
    return undefined;
  }
  const out: NormalizedItem[] = [];
  value.forEach((v: unknown, i) => {
    const at = `${path}.${i}`;
    if (typeof v === 'string') {
      const colon = v.indexOf(':');
      if (colon < 0) return void out.push({ name: v, params: {} });
      try {
        const params: unknown = JSON.parse(v.slice(colon + 1));
        if (!isObject(params)) throw new Error('not an object');
        out.push({ name: v.slice(0, colon), params });
      } catch (e) {
        issues.push(`${at}: the part after ':' must be a JSON object (${(e as Error).message})`);
      }
    } else if (Array.isArray(v) && typeof v[0] === 'string' && (v.length === 1 || (v.length === 2 && isObject(v[1])))) {
      out.push({ name: v[0], params: (v[1] as Record<string, unknown> | undefined) ?? {} });
    } else issues.push(`${at}: must be "name", ["name", {options}] or "Name:{json}"`);
  });
  return out;
}

/** Validate `raw` (from `file`, or undefined when no config was found). Returns the config or the list of issues. */
export function validateConfig(raw: unknown, file: string | undefined, cwd: string): { config: NormalizedConfig } | { issues: string[] } {
  const issues: string[] = [];
  const projectDir = file ? resolve(file, '..') : cwd;
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(projectDir, p));
  if (raw === undefined || raw === null) return { config: { projectDir, plugins: [], metadata: {}, ssh: {} } };
  if (!isObject(raw)) return { issues: ['(root): must be an object'] };
  for (const k of Object.keys(raw)) if (!KEYS.includes(k)) issues.push(`${k}: unknown key (known: ${KEYS.join(', ')})`);
  let hosts: (string | SshHostWritten)[] | undefined;
  if (raw['hosts'] !== undefined && !Array.isArray(raw['hosts'])) issues.push('hosts: must be a list of "name:[user@]address[:port]" strings or host objects');
  else if (Array.isArray(raw['hosts'])) {
    hosts = [];
    for (const [i, h] of (raw['hosts'] as unknown[]).entries()) {
      if (typeof h === 'string' && h !== '') hosts.push(h);
      else {
        const host = validateSshHost(h, `hosts.${i}`, issues, abs);
        if (host) hosts.push(host);
      }
    }
  }
  const ssh = validateSsh(raw['ssh'], issues, abs);
  for (const k of ['output', 'hostSetupScript', 'log'] as const) if (raw[k] !== undefined && (typeof raw[k] !== 'string' || raw[k] === '')) issues.push(`${k}: must be a non-empty string`);
  const retry = raw['retryTests'];
  if (retry !== undefined && !(Number.isInteger(retry) && (retry as number) >= 1)) issues.push('retryTests: must be an integer ≥ 1');
  const verbose = raw['verbose'];
  if (verbose !== undefined && !(Number.isInteger(verbose) && (verbose as number) >= 0)) issues.push('verbose: must be an integer ≥ 0');
  if (raw['keepTmpFiles'] !== undefined && typeof raw['keepTmpFiles'] !== 'boolean') issues.push('keepTmpFiles: must be true or false');
  const metadata: Record<string, string> = {};
  const m = raw['metadata'];
  if (m !== undefined && !isObject(m)) issues.push('metadata: must be an object of key: value');
  else
    for (const [k, v] of Object.entries(m ?? {})) {
      if (['string', 'number', 'boolean'].includes(typeof v)) metadata[k] = String(v);
      else issues.push(`metadata.${k}: must be a string, number or boolean`);
    }
  const profiles = items(raw['profiles'], 'profiles', issues);
  const tests = items(raw['tests'], 'tests', issues);
  const plugins = items(raw['plugins'], 'plugins', issues) ?? [];
  if (issues.length > 0) return { issues };
  const str = (k: string) => raw[k] as string | undefined;
  return {
    config: {
      file,
      projectDir,
      hosts,
      ssh,
      profiles,
      tests,
      plugins: plugins.map((p) => ({ ...p, name: p.name.startsWith('.') ? abs(p.name) : p.name })),
      output: str('output') === undefined ? undefined : abs(str('output') as string),
      metadata,
      retryTests: retry as number | undefined,
      hostSetupScript: str('hostSetupScript') === undefined ? undefined : abs(str('hostSetupScript') as string),
      keepTmpFiles: raw['keepTmpFiles'] as boolean | undefined,
      verbose: verbose as number | undefined,
      log: str('log') === undefined ? undefined : abs(str('log') as string),
    },
  };
}
