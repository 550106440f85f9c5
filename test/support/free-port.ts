// A TCP port free on the loopback addresses the fio client/server tests use (127.0.0.2 and 127.0.0.3).
import { createServer } from 'node:net';
import { probeTcp } from '../../src/tests/fio/index.js';

/** A port nothing listens on at 127.0.0.2 and 127.0.0.3 right now (the kernel picks it; tests in parallel never collide). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.2', () => {
        const a = srv.address();
        srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
      });
    });
    if ((await probeTcp('127.0.0.3', port)) === 'refused' && (await probeTcp('127.0.0.3', port + 1)) === 'refused') return port;
  }
}
