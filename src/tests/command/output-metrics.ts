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
 * Times and latencies (`*_s`, `*_ms`, `*_usec`, `*_seconds`, `*time`, `*latency`) are lower-is-better; everything else
 * is higher-is-better, including pbench's rates `*_sec` ("per second": `iops_sec`, `Gb_sec`).
 */
export function guessDirection(metric: string): 'higher' | 'lower' {
  return /(^|_)(s|ms|msec|us|usec|ns|seconds|time|latency|lat|duration)$/i.test(metric) ? 'lower' : 'higher';
}
