// The Kubernetes transport against the fake API server: argv intact, exit codes, stdin, env/cwd, timeouts kill the remote command, binary copies.
import * as k8s from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExecError } from '../../src/runner/targets/exec-error.js';
import { K8sTransport } from '../../src/runner/targets/k8s.js';
import type { FakeK8s } from '../fake-k8s/server.js';
import { startFakeK8s } from '../fake-k8s/server.js';

let fake: FakeK8s;
let t: K8sTransport;
const tmp = mkdtempSync(join(tmpdir(), 'perfgate-k8s-transport-'));

beforeAll(async () => {
  fake = await startFakeK8s();
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions(fake.kubeconfig());
  const core = kc.makeApiClient(k8s.CoreV1Api);
  await core.createNamespacedPod({ namespace: 'default', body: { metadata: { name: 'box' }, spec: { containers: [{ name: 'main', image: 'busybox', command: ['sleep', '300'] }] } } });
  for (let i = 0; i < 300; i++) {
    const p = await core.readNamespacedPod({ name: 'box', namespace: 'default' });
    if (p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  t = new K8sTransport(kc, { namespace: 'default', pod: 'box', container: 'main' });
});

afterAll(async () => {
  await fake?.close();
});

describe('K8sTransport', () => {
  it('passes argv words intact (no shell re-parsing) and returns output and exit code 0', async () => {
    const words = ['a b', '$(touch /tmp/pwned-k8s)', "it's", '"q"', '; rm -rf /', '*'];
    const r = await t.exec(['printf', '%s\\n', ...words]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(words.map((w) => `${w}\n`).join(''));
    expect(r.stderr).toBe('');
  });

  it('reports a non-zero exit as ExecError, or as a result with reject: false', async () => {
    const e = await t.exec(['sh', '-c', 'echo bad >&2; exit 7']).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ExecError);
    expect((e as ExecError).result.exitCode).toBe(7);
    expect((e as ExecError).message).toContain('bad');
    const r = await t.exec(['sh', '-c', 'exit 3'], { reject: false });
    expect([r.exitCode, r.failed]).toEqual([3, true]);
  });

  it('sends stdin, env and cwd', async () => {
    const r = await t.exec(['sh', '-c', 'cat; echo "$FOO"; pwd'], { input: 'hello\n', env: { FOO: 'b a r' }, cwd: tmp });
    expect(r.stdout).toBe(`hello\nb a r\n${tmp}\n`);
  });

  it('streams output as it arrives', async () => {
    const chunks: string[] = [];
    await t.exec(['sh', '-c', 'echo one; sleep 0.3; echo two'], { onStdout: (c) => chunks.push(c) });
    expect(chunks).toEqual(['one\n', 'two\n']);
  });

  it('kills the remote command on timeout, not just the socket', async () => {
    const tag = `sleep 29.${randomBytes(3).readUIntBE(0, 3)}`;
    const e = await t.exec(['sh', '-c', `${tag}; echo after`], { timeoutMs: 300 }).catch((x: unknown) => x);
    expect((e as ExecError).result.timedOut).toBe(true);
    expect(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n')).not.toContain(tag);
  });

  it('rejects with the abort reason when aborted', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('stop now')), 200);
    await expect(t.exec(['sleep', '30'], { signal: ac.signal })).rejects.toThrow('stop now');
  });

  it('copies binary files both ways', async () => {
    const src = join(tmp, 'in.bin');
    const data = randomBytes(300_000);
    writeFileSync(src, data);
    await t.copyTo(src, join(tmp, 'remote/dir/x.bin'));
    await t.copyFrom(join(tmp, 'remote/dir/x.bin'), join(tmp, 'back.bin'));
    expect(readFileSync(join(tmp, 'back.bin')).equals(data)).toBe(true);
    await expect(t.copyFrom(join(tmp, 'missing'), join(tmp, 'x'))).rejects.toThrow(/copy of box:.*missing failed/);
  });

  it('fails clearly when the pod does not exist', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromOptions(fake.kubeconfig());
    const ghost = new K8sTransport(kc, { namespace: 'default', pod: 'ghost', container: 'main' });
    await expect(ghost.exec(['true'])).rejects.toThrow(/cannot exec in pod default\/ghost/);
  });
});
