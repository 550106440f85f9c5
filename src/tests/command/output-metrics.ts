// Reads the numbers a command prints as JSON (its last non-empty stdout line) and guesses each one's direction.

/** Metrics a run printed: `{"ops_sec": 1234, "p99_ms": 5}` on the last line. Empty when it printed no JSON object. */
export function parseOutputMetrics(stdout: string): Record<string, number> {
  const last = stdout.trimEnd().split('\n').pop()?.trim() ?? '';
  if (!last.startsWith('{')) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(last);
  } catch {
    return {};
  }
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof v === 'number' && Number.isFinite(v)) out[k.replace(/[./]/g, '_')] = v;
  }
  return out;
}

/**
 * Why the last stdout line, which starts with `{`, yields no metrics: the JSON parser's message (e.g. a shell ate the
 * quotes of `{"ops_sec": 5}`). Undefined when the line is valid JSON or is not meant as JSON.
 */
export function outputJsonProblem(stdout: string): string | undefined {
  const last = stdout.trimEnd().split('\n').pop()?.trim() ?? '';
  if (!last.startsWith('{')) return undefined;
  try {
    JSON.parse(last);
    return undefined;
  } catch (e) {
    const shown = last.length > 80 ? `${last.slice(0, 77)}...` : last;
    return `the last stdout line ${shown} starts with '{' but is not valid JSON (${(e as Error).message}); its numbers are not recorded as metrics`;
  }
}

/** A value at a dot-path (`jobs.0.write.iops`) of parsed JSON, if it is a finite number. */
function at(value: unknown, path: string): number | undefined {
  let v = value;
  for (const key of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * Metrics picked from a command whose whole stdout is one JSON document (e.g. `fio --output-format=json`), by dot-paths:
 * `{"iops_sec": "jobs.0.write.iops"}`. Throws when the output is not JSON or a path holds no number.
 */
export function pickOutputMetrics(stdout: string, paths: Readonly<Record<string, string>>): Record<string, number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout.slice(stdout.indexOf('{')));
  } catch (e) {
    throw new Error(`the command's output is not one JSON document (${(e as Error).message}), so "metrics" cannot be picked from it`, { cause: e });
  }
  const out: Record<string, number> = {};
  for (const [name, path] of Object.entries(paths)) {
    const v = at(parsed, path);
    if (v === undefined) throw new Error(`metric '${name}': no number at '${path}' in the command's JSON output`);
    out[name] = v;
  }
  return out;
}

/**
 * Times and latencies (`*_s`, `*_ms`, `*_usec`, `*_seconds`, `*time`, `*latency`) are lower-is-better; everything else
 * is higher-is-better, including pbench's rates `*_sec` ("per second": `iops_sec`, `Gb_sec`).
 */
export function guessDirection(metric: string): 'higher' | 'lower' {
  return /(^|_)(s|ms|msec|us|usec|ns|seconds|time|latency|lat|duration)$/i.test(metric) ? 'lower' : 'higher';
}
