// Reduces one result.json to what comparisons read (run-perf's strip-run-perf rules, spec §2.4).
import type { LexValue } from '../result/json-lex.js';

type Obj = { [key: string]: LexValue };
const isObj = (v: LexValue | undefined): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Each sample reduced to its `value` (what the reader takes from it; anything that is no object stays as it is, so
 * the reader judges the list as before): the robust method and --confirm read the per-sample values.
 */
function reduceSamples(samples: LexValue): LexValue {
  if (!Array.isArray(samples)) return samples;
  return samples.map((x): LexValue => {
    if (!isObj(x)) return x;
    const value = x['value'];
    return value === undefined ? {} : { value };
  });
}

/**
 * Keep `client_hostname`, `mean`, `stddevpct` (plus perfgate's `unit`/`direction`, and `samples` reduced to their
 * values: run-perf's strip has no samples to keep); a [client, all] pair keeps only `all`.
 */
function reduceEntries(entries: LexValue): LexValue {
  if (!Array.isArray(entries)) return entries;
  let list = entries.filter(isObj);
  if (list.length === 2 && list.filter((e) => e['client_hostname'] === 'all').length === 1) {
    list = list.filter((e) => e['client_hostname'] === 'all');
  }
  return list.map((e) => {
    const out: Obj = {};
    for (const k of ['client_hostname', 'mean', 'stddevpct', 'unit', 'direction']) {
      const x = e[k];
      if (x !== undefined) out[k] = x;
    }
    const samples = e['samples'];
    if (samples !== undefined) out['samples'] = reduceSamples(samples);
    return out;
  });
}

/** Iterations with a name and parameters, each reduced to parameters, throughput and latency. */
export function reduceResultJson(data: LexValue): LexValue {
  if (!Array.isArray(data)) return data;
  const out: LexValue[] = [];
  for (const it of data) {
    if (!isObj(it) || typeof it['iteration_name'] !== 'string') continue;
    const idata = it['iteration_data'];
    if (!isObj(idata) || idata['parameters'] === undefined) continue;
    const reduced: Obj = { parameters: idata['parameters'] };
    for (const wf of ['throughput', 'latency']) {
      const metrics = idata[wf];
      if (!isObj(metrics)) continue;
      const m: Obj = {};
      for (const [name, entries] of Object.entries(metrics)) m[name] = reduceEntries(entries);
      reduced[wf] = m;
    }
    out.push({ iteration_name: it['iteration_name'], iteration_data: reduced });
  }
  return out;
}
