// Renders fio job files (INI: [global] plus job sections) from option maps, refusing values that could inject options.
import { ConfigError } from '../../errors.js';

export type FioOptionValue = string | number | boolean | null;

/** One `[name]` section; `null`/`true` values render as a bare flag (`time_based`), `false` omits it. */
export interface JobSection {
  name: string;
  options: Readonly<Record<string, FioOptionValue>>;
}

const NAME = /^[A-Za-z0-9_.+:-]+$/;
const KEY = /^[A-Za-z0-9_]+$/;

function optionLine(key: string, value: FioOptionValue, where: string): string | undefined {
  if (!KEY.test(key)) throw new ConfigError(`fio option name '${key}' in ${where} is not a plain option name`, [], 'fio option names are letters, digits and _');
  if (value === false) return undefined;
  if (value === null || value === true) return key;
  const text = String(value);
  if (/[\r\n\0]/.test(text)) throw new ConfigError(`fio option '${key}' in ${where} contains a line break`, [], 'each fio option value must be one line');
  return `${key}=${text}`;
}

/** The text of a job file. A user job file's text can be appended after perfgate's sections (`tail`). */
export function renderJobFile(sections: readonly JobSection[], tail?: string): string {
  const parts = sections.map((s) => {
    if (!NAME.test(s.name)) throw new ConfigError(`fio job section name '${s.name}' is not allowed`, [], 'use letters, digits, _ . + : -');
    const lines = Object.entries(s.options)
      .map(([k, v]) => optionLine(k, v, `[${s.name}]`))
      .filter((l): l is string => l !== undefined);
    return [`[${s.name}]`, ...lines].join('\n');
  });
  if (tail !== undefined) parts.push(tail.trimEnd());
  return parts.join('\n\n') + '\n';
}
