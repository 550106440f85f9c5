// perfgate's version, read once from package.json (two folders up from dist/cli, dist/bin and src/cli alike).
import { readFileSync } from 'node:fs';

let version: string | undefined;

/** The `version` of perfgate's package.json, or `unknown` when it cannot be read. */
export function packageVersion(): string {
  if (version === undefined) {
    try {
      version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? 'unknown';
    } catch {
      version = 'unknown';
    }
  }
  return version;
}
