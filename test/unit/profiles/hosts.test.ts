// The Hosts profile: all hosts (or the named ones) become workers; bad options and unknown names are config errors.
import { describe, expect, it } from 'vitest';
import { createHostsProfile } from '../../../src/profiles/hosts.js';
import { localTarget } from '../../../src/runner/targets/local.js';

const hosts = [localTarget('h1'), localTarget('h2'), localTarget('h3')];
const ctx = { resultDir: '/tmp', signal: new AbortController().signal, log: { info: () => undefined, warn: () => undefined, debug: () => undefined } };

describe('Hosts profile', () => {
  it('makes every host a worker, or the named ones in order', async () => {
    expect((await createHostsProfile().apply(hosts, ctx)).map((h) => h.name)).toEqual(['h1', 'h2', 'h3']);
    expect((await createHostsProfile({ workers: ['h3', 'h1'], __NAME__: 'x' }).apply(hosts, ctx)).map((h) => h.name)).toEqual(['h3', 'h1']);
  });

  it('refuses unknown options and host names', async () => {
    expect(() => createHostsProfile({ worker: ['h1'] })).toThrow('profile Hosts: unknown option worker');
    expect(() => createHostsProfile({ workers: [] })).toThrow(/non-empty list/);
    await expect(createHostsProfile({ workers: ['h9'] }).apply(hosts, ctx)).rejects.toThrow('profile Hosts: no host named h9 (hosts: h1, h2, h3)');
  });
});
