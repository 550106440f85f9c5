// Command-line scanning as Python's argparse does it: long-option prefixes, --opt=value, -t5 and -vt5 clusters, `--`.
import { UsageError } from '../errors.js';

/** One option of a command: its long name, optional one-letter form and what it takes. */
export interface OptionSpec {
  /** e.g. '--tolerance' */
  long: string;
  /** e.g. '-t' */
  short?: string;
  /** 'flag': nothing; 'one': one value; 'many': values up to the next option (argparse nargs='+'). */
  takes: 'flag' | 'one' | 'many';
  /** For 'many': the error when no value follows, e.g. ['needs at least one model file', 'e.g. -l model.json -- SRC DST']. */
  missing?: readonly [message: string, hint: string];
}

/** An option found on the command line, in order; `flag` is how the error messages name it (-t, or the full long name). */
export interface OptionUse {
  name: string;
  flag: string;
  /** The value of a 'one' option. */
  value: string;
  /** The values of a 'many' option. */
  values: string[];
}

/** argparse's negative-number pattern: such a word is a value or a positional (none of our options looks like one). */
const NEGATIVE_NUMBER = /^-\d+$|^-\d*\.\d+$/;

/**
 * A value after an option, not another option. As in argparse: negative numbers, '-' (stdout) and words with a
 * space (`--log "-x y"`) are values.
 */
const isValue = (w: string | undefined): w is string => w !== undefined && (!w.startsWith('-') || w === '-' || NEGATIVE_NUMBER.test(w) || w.includes(' '));

/** The option a long word (without its `=value`) names: an exact match, else the one option it is a prefix of; undefined: none. */
function resolveLong(word: string, specs: readonly OptionSpec[], hint: string): OptionSpec | undefined {
  const exact = specs.find((s) => s.long === word);
  if (exact) return exact;
  const matches = specs.filter((s) => s.long.startsWith(word));
  if (matches.length > 1) throw new UsageError(`ambiguous option: ${word} could match ${matches.map((s) => s.long).join(', ')}`, `spell out more of the option name; ${hint}`);
  return matches[0];
}

/**
 * Split argv into positionals and options. `hint` goes with unknown options and missing values. As argparse:
 * `--help` ends the scan (what follows it is not read, so `-h --bogus` shows the help), and an unknown option is
 * an error only at the end, when no `--help` came after it; a missing value or an ambiguous prefix is one at once.
 */
export function scanOptions(argv: readonly string[], specs: readonly OptionSpec[], hint: string): { positionals: string[]; options: OptionUse[] } {
  const positionals: string[] = [];
  const options: OptionUse[] = [];
  let unknown: UsageError | undefined;
  let rest = false;
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i] ?? '';
    if (rest || !word.startsWith('-') || word === '-' || NEGATIVE_NUMBER.test(word)) {
      positionals.push(word);
      continue;
    }
    if (word === '--') {
      rest = true;
      continue;
    }
    // each option of the word with its attached value (undefined: none attached)
    const found: { spec: OptionSpec; flag: string; inline: string | undefined }[] = [];
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const spec = resolveLong(eq < 0 ? word : word.slice(0, eq), specs, hint);
      if (spec === undefined) {
        unknown ??= new UsageError(`unknown option ${eq < 0 ? word : word.slice(0, eq)}`, hint);
        continue;
      }
      const inline = eq < 0 ? undefined : word.slice(eq + 1);
      if (inline !== undefined && spec.takes === 'flag') throw new UsageError(`${spec.long} takes no value, got '${word}'`, hint);
      found.push({ spec, flag: spec.long, inline });
    } else {
      // -vv, -t5, -t=5, -vt5: flags may be bundled; a value option takes the rest of the word
      for (let c = 1; c < word.length; c++) {
        const flag = `-${word[c]}`;
        const spec = specs.find((s) => s.short === flag);
        if (!spec) {
          unknown ??= new UsageError(c === 1 ? `unknown option ${word}` : `unknown option ${flag} in ${word}`, hint);
          break;
        }
        if (spec.takes === 'flag') {
          found.push({ spec, flag, inline: undefined });
          continue;
        }
        const attached = word.slice(c + 1);
        found.push({ spec, flag, inline: attached === '' ? undefined : attached.startsWith('=') ? attached.slice(1) : attached });
        break;
      }
    }
    for (const { spec, flag, inline } of found) {
      const use: OptionUse = { name: spec.long, flag, value: '', values: [] };
      if (spec.takes === 'one') {
        if (inline !== undefined) use.value = inline;
        else if (isValue(argv[i + 1])) use.value = argv[++i] ?? '';
        else throw new UsageError(`${flag} needs a value`, hint);
      } else if (spec.takes === 'many') {
        if (inline !== undefined) use.values.push(inline);
        else while (i + 1 < argv.length && isValue(argv[i + 1])) use.values.push(argv[++i] ?? '');
        if (use.values.length === 0) throw new UsageError(`${flag} ${spec.missing?.[0] ?? 'needs a value'}`, spec.missing?.[1] ?? hint);
      }
      options.push(use);
      if (spec.long === '--help') return { positionals, options };
    }
  }
  if (unknown) throw unknown;
  return { positionals, options };
}
