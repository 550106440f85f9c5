// The remote command text: a POSIX shell (dash, as on the hosts) gets every argv word, env value and cwd back intact and runs nothing else.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { remoteScript } from '../../../../src/runner/targets/ssh/exec.js';

const ID = '0f0e0d0c-0b0a-4908-8706-050403020100';

describe('remoteScript', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perfgate-q-'));
  const mark = join(dir, 'pwned');
  const nasty = [`$(touch ${mark})`, `\`touch ${mark}\``, `; touch ${mark}`, `| touch ${mark}`, `&& touch ${mark} #`, `'`, `"`, `\\`, `a\nb`, '*', '~', '$HOME', '!', '', ' lead', 'é€ ✓', `'$(touch ${mark})'`, '--', '-n', '%s'];

  it('delivers argv word for word through sh -c, with the pid line first', () => {
    const out = execFileSync('sh', ['-c', remoteScript(['printf', '%s\\0', ...nasty], ID)]);
    const text = out.toString('utf8');
    const m = /^PERFGATE_PID:([^:]+):(\d+)\n/.exec(text);
    expect(m?.[1]).toBe(ID);
    expect(text.slice(m?.[0].length).split('\0').slice(0, -1)).toEqual(nasty);
    expect(existsSync(mark)).toBe(false);
  });

  it('sets env values and the working directory literally', () => {
    const weird = join(dir, `d $(touch ${mark}) 'q'`);
    execFileSync('mkdir', ['-p', weird]);
    const script = remoteScript(['sh', '-c', 'printf "%s|%s|%s" "$A" "$PERFGATE_EXEC_ID" "$(pwd)"'], ID, { env: { A: `x; touch ${mark} $(id)` }, cwd: weird });
    const text = execFileSync('sh', ['-c', script], { encoding: 'utf8' }).split('\n').slice(1).join('\n');
    expect(text).toBe(`x; touch ${mark} $(id)|${ID}|${weird}`);
    expect(existsSync(mark)).toBe(false);
  });

  it('refuses NUL bytes and bad variable names instead of mangling them', () => {
    expect(() => remoteScript(['echo', 'a\0b'], ID)).toThrow(/NUL/);
    expect(() => remoteScript(['echo'], ID, { env: { 'A;B': '1' } })).toThrow(/variable name/);
    expect(() => remoteScript([], ID)).toThrow(/non-empty/);
  });
});
