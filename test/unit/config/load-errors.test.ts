// A missing --config file is a usage error; a config that does not parse keeps the parser's own message, on one line, with its place.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { ConfigError, UsageError } from '../../../src/errors.js';

const dir = () => mkdtempSync(join(tmpdir(), 'perfgate-cfgerr-'));

async function failure(cwd: string, file?: string): Promise<Error> {
  try {
    await loadConfig(cwd, file);
  } catch (e) {
    return e as Error;
  }
  throw new Error('loadConfig did not fail');
}

describe('config file errors', () => {
  it('an explicit config file that does not exist is a usage error naming it', async () => {
    const d = dir();
    const e = await failure(d, join(d, 'nonexist.json'));
    expect(e).toBeInstanceOf(UsageError);
    expect(e.message).toBe(`config file ${join(d, 'nonexist.json')} does not exist`);
    expect((e as UsageError).hint).toMatch(/--config/);
    expect(e.message).not.toContain('ENOENT');
  });

  it('keeps the JSON parser message with line and column, on one line', async () => {
    const d = dir();
    writeFileSync(join(d, 'badcfg.json'), '{\n  "retryTests": 2,\n  bad\n}\n');
    const e = await failure(d, join(d, 'badcfg.json'));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toMatch(new RegExp(`^cannot read config ${join(d, 'badcfg.json')}: \\S.*property name.* \\(line 3, column 3\\)$`));
    expect(e.message).not.toContain('\n');
    expect((e as ConfigError).hint).toMatch(/syntax/);
  });

  it('the one-word file `{bad` gets a message after the colon', async () => {
    const d = dir();
    writeFileSync(join(d, 'badcfg.json'), '{bad\n');
    const e = await failure(d, join(d, 'badcfg.json'));
    expect(e.message).toMatch(/badcfg\.json: .*JSON.*\(line 1, column 2\)$/);
  });

  it('keeps the YAML parser message of a searched .perfgaterc.yaml', async () => {
    const d = dir();
    writeFileSync(join(d, 'package.json'), '{}');
    writeFileSync(join(d, '.perfgaterc.yaml'), 'tests: [\n');
    const e = await failure(d);
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toMatch(/\.perfgaterc\.yaml: \S.*\(\d+:\d+\)$/);
    expect(e.message).not.toContain('\n');
  });
});

describe('parserMessage', () => {
  it('drops coloured code frames (parsers colour them when CI=true or FORCE_COLOR is set)', async () => {
    const { parserMessage } = await import('../../../src/config/load.js');
    const coloured = "JSON Error in /x/c.json:\n\u001b[0m\u001b[31m\u001b[1m>\u001b[22m\u001b[39m\u001b[90m 1 |\u001b[39m {bad\n \u001b[90m   |\u001b[39m  \u001b[31m\u001b[1m^\u001b[22m\u001b[39m\u001b[0m\n\nExpected property name or '}' in JSON at position 1";
    expect(parserMessage(coloured, undefined)).toBe("Expected property name or '}' in JSON at position 1");
  });
});
