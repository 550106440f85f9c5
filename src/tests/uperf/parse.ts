// Parses uperf's raw statistics (`uperf -m profile.xml -R -a -i 1`) into Gb_sec, trans_sec and usec, as pbench-uperf does.
//
// uperf is not packaged on Debian, so this parser is tested on outputs written from uperf's documented format
// (the `timestamp_ms:<ms> name:Txn2 nr_bytes:<n> nr_ops:<n>` lines that pbench-uperf and benchmark-wrapper read),
// not on captured runs.

/** What one uperf run measured over its measured transaction (Txn2). */
export interface UperfSample {
  /** Payload throughput in Gbit/s (10^9 bit/s). */
  gbSec: number;
  /** Transactions per second (rr: one write + one read = one transaction; stream: one flowop). */
  transSec: number;
  /** Mean round-trip time of one transaction per thread, in µs (rr only): 10^6 · threads / trans_sec. */
  usec?: number;
  seconds: number;
  bytes: number;
  ops: number;
  /** Profile name uperf reported (`running profile:<name>`). */
  profile?: string;
}

/** uperf reported an error, or its output holds no measurement. */
export class UperfFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UperfFailure';
  }
}

const RAW = /^timestamp_ms:([\d.]+)\s+name:Txn2\s+nr_bytes:(\d+)\s+nr_ops:(\d+)/gm;

/**
 * Parse the master's stdout. `rr` halves the op count (each transaction is a write and a read flowop) and adds the
 * per-thread latency. Throws UperfFailure on `** ` error lines, on "Errors detected", or with fewer than two samples.
 */
export function parseUperfOutput(stdout: string, o: { rr: boolean; instances: number }): UperfSample {
  const errors = stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^\*+\s/.test(l) || /^WARNING: Errors detected/i.test(l));
  if (errors.length > 0) throw new UperfFailure(`uperf: ${errors.slice(0, 3).join(' | ')}`);
  const points = [...stdout.matchAll(RAW)].map((m) => ({ ms: Number(m[1]), bytes: Number(m[2]), ops: Number(m[3]) }));
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last || points.length < 2 || last.ms <= first.ms) {
    throw new UperfFailure('uperf printed fewer than two Txn2 statistics lines (run it with -R -a -i 1; did the test start?)');
  }
  const seconds = (last.ms - first.ms) / 1000;
  const bytes = last.bytes - first.bytes;
  const ops = (last.ops - first.ops) / (o.rr ? 2 : 1);
  const transSec = ops / seconds;
  return {
    gbSec: (bytes * 8) / 1e9 / seconds,
    transSec,
    usec: o.rr ? (transSec > 0 ? (1e6 * o.instances) / transSec : undefined) : undefined,
    seconds,
    bytes,
    ops,
    profile: /running profile:(\S+)/.exec(stdout)?.[1],
  };
}
