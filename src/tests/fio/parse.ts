// Parses fio's --output-format=json(+) output: cuts server chatter before the JSON, reads jobs[] or client_stats[] entries.
import { EnvironmentError } from '../../errors.js';

/** A latency block (`slat_ns`, `clat_ns`, `lat_ns`); `bins` (ns value → count) only with json+. */
export interface FioLatency {
  min: number;
  max: number;
  mean: number;
  stddev: number;
  N: number;
  percentile?: Readonly<Record<string, number>>;
  bins?: Readonly<Record<string, number>>;
}

/** One direction (`read`, `write`, `trim`) of an entry. `runtime` is in ms, `bw_bytes` in bytes/s. */
export interface FioDirection {
  io_bytes: number;
  bw_bytes: number;
  iops: number;
  runtime: number;
  total_ios: number;
  slat_ns: FioLatency;
  clat_ns: FioLatency;
  lat_ns: FioLatency;
}

export const DIRECTIONS = ['read', 'write', 'trim'] as const;
export type DirectionName = (typeof DIRECTIONS)[number];

/** A standalone job (or job group) entry, or a client entry of client/server mode (`hostname`/`port` set). */
export interface FioEntry {
  jobname: string;
  groupid: number;
  error: number;
  job_runtime: number;
  hostname?: string;
  port?: number;
  read: FioDirection;
  write: FioDirection;
  trim: FioDirection;
}

export interface FioOutput {
  version: string;
  mode: 'standalone' | 'client';
  /** Job or client entries: the `All clients` entry removed and, for --status-interval snapshots, only the last per job. */
  entries: FioEntry[];
  /** fio's own `All clients` entries, kept for diagnostics only (no bins, summed runtime, merged groups: never aggregate from it). */
  allClients: FioEntry[];
  /** Lines before the JSON (server chatter `<host> …`, `fio: pid=… err=…`), kept as diagnostics. */
  chatter: string[];
  /** The parsed document (the last one when fio printed several). */
  document: Record<string, unknown>;
  /** The JSON text of that document, as fio printed it. */
  json: string;
}

/** Thrown when fio's output holds no parseable JSON document. */
export class FioOutputError extends EnvironmentError {
  constructor(message: string, cause?: unknown) {
    super(message, { code: 'PERFGATE_FIO_OUTPUT', hint: 'look at the raw fio output kept in the sample folder; run the job by hand with --output-format=json+', cause });
    this.name = 'FioOutputError';
  }
}

/**
 * Split fio's stdout into the text before the JSON and the JSON documents. A document starts at a line that is exactly
 * `{` (fio-and-peers §2.5); --status-interval in standalone mode prints several documents one after the other.
 */
export function splitFioOutput(text: string): { chatter: string[]; documents: string[] } {
  const lines = text.split('\n');
  const starts: number[] = [];
  lines.forEach((l, i) => {
    if (l.replace(/\r$/, '') === '{') starts.push(i);
  });
  const first = starts[0] ?? lines.length;
  const chatter = lines.slice(0, first).map((l) => l.replace(/\r$/, '')).filter((l) => l.trim() !== '');
  const documents = starts.map((s, k) => lines.slice(s, starts[k + 1] ?? lines.length).join('\n'));
  return { chatter, documents };
}

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const num = (o: Record<string, unknown>, k: string, where: string): number => {
  const v = o[k];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new FioOutputError(`fio JSON: ${where}.${k} is not a number`);
  return v;
};

function latency(o: unknown, where: string): FioLatency {
  if (!isObj(o)) throw new FioOutputError(`fio JSON: ${where} is missing`);
  const out: FioLatency = { min: num(o, 'min', where), max: num(o, 'max', where), mean: num(o, 'mean', where), stddev: num(o, 'stddev', where), N: typeof o['N'] === 'number' ? o['N'] : 0 };
  if (isObj(o['percentile'])) out.percentile = o['percentile'] as Record<string, number>;
  if (isObj(o['bins'])) out.bins = o['bins'] as Record<string, number>;
  return out;
}

const ZERO_LAT: FioLatency = { min: 0, max: 0, mean: 0, stddev: 0, N: 0 };

function direction(o: unknown, where: string): FioDirection {
  if (!isObj(o)) throw new FioOutputError(`fio JSON: ${where} is missing`);
  return {
    io_bytes: num(o, 'io_bytes', where),
    bw_bytes: num(o, 'bw_bytes', where),
    iops: num(o, 'iops', where),
    runtime: num(o, 'runtime', where),
    total_ios: num(o, 'total_ios', where),
    slat_ns: o['slat_ns'] === undefined ? ZERO_LAT : latency(o['slat_ns'], `${where}.slat_ns`),
    clat_ns: latency(o['clat_ns'], `${where}.clat_ns`),
    lat_ns: latency(o['lat_ns'], `${where}.lat_ns`),
  };
}

function entry(o: unknown, where: string): FioEntry {
  if (!isObj(o)) throw new FioOutputError(`fio JSON: ${where} is not an object`);
  const e: FioEntry = {
    jobname: String(o['jobname'] ?? ''),
    groupid: typeof o['groupid'] === 'number' ? o['groupid'] : 0,
    error: num(o, 'error', where),
    job_runtime: typeof o['job_runtime'] === 'number' ? o['job_runtime'] : 0,
    read: direction(o['read'], `${where}.read`),
    write: direction(o['write'], `${where}.write`),
    trim: o['trim'] === undefined ? direction({ io_bytes: 0, bw_bytes: 0, iops: 0, runtime: 0, total_ios: 0, clat_ns: ZERO_LAT, lat_ns: ZERO_LAT }, where) : direction(o['trim'], `${where}.trim`),
  };
  if (typeof o['hostname'] === 'string') e.hostname = o['hostname'];
  if (typeof o['port'] === 'number') e.port = o['port'];
  return e;
}

/** Identity of an entry; --status-interval in client mode repeats it once per interval (cumulative snapshots). */
const entryKey = (e: FioEntry) => `${e.hostname ?? ''}\u0000${e.port ?? ''}\u0000${e.groupid}\u0000${e.jobname}`;

/** Parse fio's stdout (json or json+, standalone or client mode). Throws FioOutputError when there is no valid document. */
export function parseFioOutput(text: string): FioOutput {
  const { chatter, documents } = splitFioOutput(text);
  const json = documents.at(-1);
  if (json === undefined) {
    const tail = chatter.slice(-3).join(' | ');
    throw new FioOutputError(`fio printed no JSON document${tail ? `: ${tail}` : ' (empty output)'}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(json); // duplicate keys (client mode's "global options") keep the last value; perfgate never reads them
  } catch (e) {
    throw new FioOutputError(`fio output is not valid JSON (${(e as Error).message}); was the run cut short?`, e);
  }
  if (!isObj(doc)) throw new FioOutputError('fio output is not a JSON object');
  const client = Array.isArray(doc['client_stats']);
  const list = client ? doc['client_stats'] : doc['jobs'];
  if (!Array.isArray(list)) throw new FioOutputError('fio JSON has neither "jobs" nor "client_stats"');
  const field = client ? 'client_stats' : 'jobs';
  const parsed = list.map((o, i) => entry(o, `${field}[${i}]`));
  const allClients = parsed.filter((e) => client && e.jobname === 'All clients');
  const latest = new Map<string, FioEntry>();
  for (const e of parsed) {
    if (client && e.jobname === 'All clients') continue;
    const k = entryKey(e);
    latest.delete(k); // keep the order of the final snapshots
    latest.set(k, e);
  }
  return {
    version: String(doc['fio version'] ?? 'unknown'),
    mode: client ? 'client' : 'standalone',
    entries: [...latest.values()],
    allClients,
    chatter,
    document: doc,
    json,
  };
}
