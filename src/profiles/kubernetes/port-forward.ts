// driver 'port-forward': a local listener per worker relaying to the pod's fio server through the API server (kubectl port-forward style).
import type { KubeConfig } from '@kubernetes/client-node';
import { PortForward } from '@kubernetes/client-node';
import type { AddressInfo, Server, Socket } from 'node:net';
import { createServer } from 'node:net';
import type { Target } from '../../runner/targets/types.js';
import { FIO_SERVER_LABEL } from '../../tests/fio/index.js';

export class Forwards {
  private readonly servers = new Map<string, Server>();
  private readonly sockets = new Set<Socket>();
  private readonly kc: KubeConfig;

  constructor(kc: KubeConfig) {
    this.kc = kc;
  }

  /** Listen on 127.0.0.1:<free port>; every connection opens one port-forward WebSocket to `pod:port`. */
  private async forward(namespace: string, pod: string, port: number): Promise<number> {
    const server = createServer((sock) => {
      this.sockets.add(sock);
      sock.on('close', () => this.sockets.delete(sock));
      sock.on('error', () => sock.destroy());
      new PortForward(this.kc).portForward(namespace, pod, [port], sock, null, sock).catch(() => sock.destroy());
    });
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
    this.servers.set(pod, server);
    return (server.address() as AddressInfo).port;
  }

  /** The workers with their fio server label pointing at a local forward (old forwards of other pods are closed). */
  async route(workers: readonly Target[], namespace: string, port: number): Promise<Target[]> {
    const keep = new Set(workers.map((w) => w.name));
    for (const [pod, s] of this.servers) {
      if (keep.has(pod)) continue;
      s.close();
      this.servers.delete(pod);
    }
    return Promise.all(
      workers.map(async (w) => {
        const existing = this.servers.get(w.name)?.address() as AddressInfo | undefined;
        const local = existing?.port ?? (await this.forward(namespace, w.name, port));
        return { ...w, labels: { ...w.labels, [FIO_SERVER_LABEL]: `127.0.0.1,${local}`, forwarded: `${w.address},${port}` } };
      }),
    );
  }

  close(): void {
    for (const s of this.servers.values()) s.close();
    for (const s of this.sockets) s.destroy();
    this.servers.clear();
  }
}
