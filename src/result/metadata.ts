// Reads RUNPERF_METADATA (key:value lines) exactly as run-perf does, keeping each value's trailing newline.
import type { Metadata, ReadWarning } from './types.js';

/**
 * Parse RUNPERF_METADATA text. Split at the first `:`; `#` lines are ignored; later keys win;
 * a line without `:` gives a warning. Values keep their trailing `\n` (run-perf shows `build` as `"1\n"`).
 */
export function parseMetadata(text: string, file: string): { metadata: Metadata; warnings: ReadWarning[] } {
  const metadata: Record<string, string> = {};
  const warnings: ReadWarning[] = [];
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  lines.forEach((line, index) => {
    if (line.startsWith('#')) return;
    const colon = line.indexOf(':');
    if (colon < 0) {
      if (line.trim() !== '') warnings.push({ file, message: `line ${index + 1} has no ':' and was ignored` });
      return;
    }
    // defined, not assigned: a `__proto__` key would otherwise set the object's prototype and vanish
    Object.defineProperty(metadata, line.slice(0, colon), { value: line.slice(colon + 1), enumerable: true, writable: true, configurable: true });
  });
  return { metadata, warnings };
}

/** A metadata value without run-perf's trailing newline, or `Unknown` when missing. */
export function metadataValue(metadata: Metadata, key: string): string {
  const v = metadata[key];
  return v === undefined ? 'Unknown' : v.replace(/\n$/, '');
}
