// Quotes an argv for display in logs and transcripts as a POSIX shell would read it (never executed).

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Quote one word for a POSIX shell: bare when safe, else single quotes with `'\''` escapes. */
export function quoteWord(word: string): string {
  if (word !== '' && SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The argv as one display string, e.g. `fio --name='a b'`. */
export function quoteArgv(argv: readonly string[]): string {
  return argv.map(quoteWord).join(' ');
}
