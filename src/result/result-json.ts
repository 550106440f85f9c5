// Turns one pbench-like result.json into checks (`.mean` and `.stddev` per iteration/workflow/metric).
import { inferDirection, inferUnit } from './directions.js';
import { internCheckIds, internRecord, internString } from './intern.js';
import type { LexValue } from './json-lex.js';
import type { Check, ReadWarning } from './types.js';

/** Workflows run-perf reads; any other key of iteration_data (e.g. `resource`) is ignored, as upstream. */
const WORKFLOWS = ['throughput', 'latency'] as const;
/** Each metric's two checks and the field of the `all` entry they read. */
const KINDS = [['mean', 'mean'], ['stddev', 'stddevpct']] as const;
/** run-perf's `.*-fail\d+$`: an unanchored test needs no leading `.*` (which backtracked over every name). */
const FAILED_ITERATION = /-fail\d+$/;

type Obj = { [key: string]: LexValue };
const isObj = (v: LexValue | undefined): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const isNum = (v: LexValue | undefined): v is number | bigint => typeof v === 'number' || typeof v === 'bigint';

export interface Location {
  profile: string;
  test: string;
  serial: string;
  /** result.json path relative to the tree root, for messages. */
  file: string;
  /** `<profile>/<test>/<serial>`, pooled (the ids' prefix). */
  serialPath: string;
}

/** Render run-perf's "test params": `{i: "k:v\n...", "user<i>": "profile: X"}`. */
function testParams(parameters: Obj | undefined): Readonly<Record<string, string>> {
  const params: Record<string, string> = {};
  if (!parameters) return internRecord(params);
  const bench = parameters['benchmark'];
  if (Array.isArray(bench)) {
    bench.forEach((entry, i) => {
      if (!isObj(entry)) return;
      params[String(i)] = Object.keys(entry)
        .sort()
        .map((k) => `${k}:${plainText(entry[k])}`)
        .join('\n');
    });
  }
  const user = parameters['user'];
  if (Array.isArray(user)) {
    user.forEach((entry, i) => {
      if (isObj(entry) && entry['profile'] !== undefined) params[`user${i}`] = `profile: ${plainText(entry['profile'])}`;
    });
  }
  return internRecord(params);
}

/** Whether two parsed JSON values are equal (same types, same key order): a strict test, so a miss only costs a rendering. */
function sameJson(a: LexValue | undefined, b: LexValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i] as string;
    if (k !== kb[i] || !sameJson(a[k], b[k])) return false;
  }
  return true;
}

/**
 * Per serial folder and iteration name: the last `parameters` seen and their rendering. The builds of a history
 * repeat them, and comparing the parsed objects costs far less than rendering and pooling them again (a tenth
 * of a cold reading of 1,000 builds).
 */
const lastParams = new Map<string, Map<string, { raw: Obj | undefined; params: Readonly<Record<string, string>> }>>();
let lastParamsCount = 0;

function testParamsOf(serialPath: string, iteration: string, parameters: Obj | undefined): Readonly<Record<string, string>> {
  let bySerial = lastParams.get(serialPath);
  const last = bySerial?.get(iteration);
  if (last && sameJson(last.raw, parameters)) return last.params;
  const params = testParams(parameters);
  if (lastParamsCount >= 100_000) {
    lastParams.clear();
    lastParamsCount = 0;
    bySerial = undefined;
  }
  if (!bySerial) lastParams.set(serialPath, (bySerial = new Map()));
  if (!last) lastParamsCount++;
  bySerial.set(iteration, { raw: parameters, params });
  return params;
}

function plainText(v: LexValue | undefined): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'number') return String(v);
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? Number(x) : x));
}

function primaryMetrics(parameters: Obj | undefined): Set<string> {
  const out = new Set<string>();
  const bench = parameters?.['benchmark'];
  if (Array.isArray(bench)) {
    for (const entry of bench) if (isObj(entry) && typeof entry['primary_metric'] === 'string') out.add(entry['primary_metric']);
  }
  return out;
}

/** JSON path of a metric's entry list, for warnings. */
function metricPath(index: number, workflow: string, metric: string): string {
  return `$[${index}].iteration_data.${workflow}.${metric}`;
}

/**
 * Extract checks from a parsed result.json. Shape problems become warnings naming the JSON path;
 * the rest of the file is still read. Iterations named `*-failN` are skipped unless includeIncorrect.
 */
export function checksFromResultJson(data: LexValue, loc: Location, includeIncorrect: boolean): { checks: Check[]; warnings: ReadWarning[] } {
  const checks: Check[] = [];
  const warnings: ReadWarning[] = [];
  const warn = (path: string, message: string) => warnings.push({ file: loc.file, message: `${path}: ${message}` });
  if (!Array.isArray(data)) {
    warn('$', 'expected a list of iterations');
    return { checks, warnings };
  }
  data.forEach((iteration, index) => {
    // JSON paths are only spelled out for a warning (building them for every metric cost a tenth of a reading)
    const at = () => `$[${index}]`;
    if (!isObj(iteration)) return warn(at(), 'expected an iteration object');
    const rawName = iteration['iteration_name'];
    if (typeof rawName !== 'string') return warn(`${at()}.iteration_name`, 'expected a string');
    const name = internString(rawName);
    if (!includeIncorrect && FAILED_ITERATION.test(name)) return;
    const idata = iteration['iteration_data'];
    if (!isObj(idata)) return warn(`${at()}.iteration_data`, 'expected an object');
    const parameters = isObj(idata['parameters']) ? idata['parameters'] : undefined;
    const primary = primaryMetrics(parameters);
    const params = testParamsOf(loc.serialPath, name, parameters);
    for (const workflow of WORKFLOWS) {
      const metrics = idata[workflow];
      if (metrics === undefined) continue;
      if (!isObj(metrics)) {
        warn(`${at()}.iteration_data.${workflow}`, 'expected an object of metrics');
        continue;
      }
      for (const key of Object.keys(metrics)) {
        const metric = internString(key);
        const entries = metrics[key];
        if (!Array.isArray(entries)) {
          warn(metricPath(index, workflow, metric), 'expected a list of per-client entries');
          continue;
        }
        const allIndex = entries.findIndex((e) => isObj(e) && e['client_hostname'] === 'all');
        const all = entries[allIndex];
        if (!isObj(all)) {
          warn(metricPath(index, workflow, metric), 'no entry with client_hostname "all"; metric skipped');
          continue;
        }
        const isPrimary = primary.has(metric);
        const ids = internCheckIds(loc.serialPath, name, workflow, metric);
        for (const [kind, field] of KINDS) {
          const v = all[field];
          if (!isNum(v) || !Number.isFinite(Number(v))) {
            warn(`${metricPath(index, workflow, metric)}[${allIndex}].${field}`, `expected a finite number, got ${plainText(v)}; check skipped`);
            continue;
          }
          // a plain literal (no spread): one hidden class for every check, several times faster on big trees
          const check: Check = {
            id: kind === 'mean' ? ids[0] : ids[1],
            profile: loc.profile,
            test: loc.test,
            serial: loc.serial,
            iteration: name,
            workflow,
            metric,
            kind,
            primary: isPrimary,
            value: Number(v),
            valueIsInt: typeof v === 'bigint',
            unit: internString(inferUnit(workflow, metric, kind, all['unit'])),
            direction: inferDirection(workflow, metric, kind, all['direction']),
            params,
            source: loc.file,
            // in the literal, not added after it: an added property costs every check a separate property store
            samples: kind === 'mean' ? sampleValues(all['samples']) : undefined,
          };
          checks.push(check);
        }
      }
    }
  });
  return { checks, warnings };
}

function sampleValues(v: LexValue | undefined): number[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  // sized up front: an array grown by push keeps spare capacity (17 slots for 2 values), and a long history
  // holds hundreds of thousands of these
  const out = new Array<number>(v.length);
  for (let i = 0; i < v.length; i++) {
    const s = v[i];
    const x = isObj(s) ? s['value'] : undefined;
    if (!isNum(x) || !Number.isFinite(Number(x))) return undefined;
    out[i] = Number(x);
  }
  return out;
}
