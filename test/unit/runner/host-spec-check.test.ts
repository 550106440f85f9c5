// --hosts words are checked up front: a malformed address, name or user is a one-line usage error, not a later SSH failure.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { parseHostSpec } from '../../../src/runner/hosts.js';

describe('host spec validation', () => {
  it.each([
    ['bad:::', "'bad:::' is neither an IP address nor a host name"],
    ['h1:10.0.0.1:', "'10.0.0.1:' is neither an IP address nor a host name"],
    ['lab one:10.0.0.1', "host name 'lab one' may hold only"],
    ['h:us er@10.0.0.1', "user 'us er' may not hold spaces"],
    ['h:perf@bad_host!:22', "'bad_host!' is neither an IP address nor a host name"],
  ])('refuses %s', (word, message) => {
    let error: unknown;
    try {
      parseHostSpec(word);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toContain(`--hosts '${word}': ${message}`);
    expect((error as UsageError).message).not.toContain('\n');
    expect((error as UsageError).hint).toMatch(/NAME:USER@ADDR\[:PORT\]/);
  });

  it.each([
    ['localhost:127.0.0.1', { name: 'localhost', address: '127.0.0.1' }],
    ['h1:perf@host-1.lab.example.com:2222', { name: 'h1', address: 'host-1.lab.example.com', ssh: { user: 'perf', port: 2222 } }],
    ['h6:root@[fe80::1]:22', { name: 'h6', address: 'fe80::1', ssh: { user: 'root', port: 22 } }],
    ['::1', { name: '::1', address: '::1' }],
  ])('accepts %s', (word, spec) => {
    expect(parseHostSpec(word)).toEqual(spec);
  });
});
