// Runs the fake API server as its own process (for benchmarks and manual kubectl checks): prints {url, kubeconfig} as one JSON line.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeK8s } from './server.js';

const fake = await startFakeK8s({ startDelayMs: Number(process.env['FAKE_K8S_START_DELAY_MS'] ?? '30') });
const kubeconfig = fake.writeKubeconfig(mkdtempSync(join(tmpdir(), 'perfgate-fake-k8s-cfg-')));
process.stdout.write(JSON.stringify({ url: fake.url, kubeconfig }) + '\n');
const stop = () => void fake.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
