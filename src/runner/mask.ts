// Masks secrets before anything reaches RUNPERF_METADATA, transcripts or logs.

/** Keys whose values are secrets. */
export const SECRET_KEY = /pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|credential|auth|cookie/i;

export const MASK = 'MASKED';

/** Replace the values of secret-looking keys anywhere inside a JSON value. */
export function maskJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? MASK : maskJson(v)]));
  }
  return value;
}

/** `NAME:{json}` with secret-looking JSON fields masked; other words unchanged. */
export function maskItemSpec(word: string): string {
  const colon = word.indexOf(':');
  if (colon < 0 || word[colon + 1] !== '{') return word;
  try {
    return `${word.slice(0, colon)}:${JSON.stringify(maskJson(JSON.parse(word.slice(colon + 1))))}`;
  } catch {
    return word;
  }
}

/** `K=V` → `K=MASKED` (every metadata value, as run-perf masks them all in runperf_cmd). */
export function maskPair(word: string): string {
  const eq = word.indexOf('=');
  return eq < 0 ? MASK : `${word.slice(0, eq)}=${MASK}`;
}
