// Parses one `iperf3 --json` client report into per-sample metrics; iperf3's own `error` (exit code 0 with -J) is raised.

/** What one iperf3 run measured. */
export interface Iperf3Sample {
  protocol: 'TCP' | 'UDP';
  /** Received throughput in Gbit/s (10^9 bit/s, as pbench's Gb_sec). */
  gbSec: number;
  /** TCP retransmits of the sender (sum over streams). */
  retransmits?: number;
  /** UDP jitter (ms) and lost datagrams (%) measured by the receiver. */
  jitterMs?: number;
  lostPercent?: number;
  /** CPU use (% of one host's total) of the client and of the server. */
  cpuHostPct?: number;
  cpuRemotePct?: number;
  streams: number;
  seconds: number;
}

/** iperf3 reported a failure (e.g. `unable to connect to server: Connection refused`). */
export class Iperf3Failure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Iperf3Failure';
  }
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Parse the client's JSON output. Throws Iperf3Failure on `error`, on no output, or when the totals are missing. */
export function parseIperf3Json(text: string): Iperf3Sample {
  const start = text.indexOf('{');
  if (start < 0) throw new Iperf3Failure('iperf3 printed no JSON report');
  let doc: Obj | undefined;
  try {
    doc = obj(JSON.parse(text.slice(start)));
  } catch (e) {
    throw new Iperf3Failure(`iperf3's JSON report is not valid JSON (${(e as Error).message})`);
  }
  if (!doc) throw new Iperf3Failure('iperf3 printed JSON that is not an object');
  if (typeof doc['error'] === 'string') throw new Iperf3Failure(`iperf3: ${doc['error']}`);
  const testStart = obj(obj(doc['start'])?.['test_start']);
  const end = obj(doc['end']);
  const protocol = testStart?.['protocol'] === 'UDP' ? 'UDP' : 'TCP';
  // UDP: end.sum is the receiver's view (jitter, loss); iperf3 ≥ 3.10 also has sum_received.
  const received = obj(end?.['sum_received']) ?? obj(end?.['sum']);
  const bps = num(received?.['bits_per_second']);
  if (!end || bps === undefined) throw new Iperf3Failure('iperf3 report has no end.sum_received/end.sum totals (test did not finish)');
  const cpu = obj(end['cpu_utilization_percent']);
  const sample: Iperf3Sample = {
    protocol,
    gbSec: bps / 1e9,
    cpuHostPct: num(cpu?.['host_total']),
    cpuRemotePct: num(cpu?.['remote_total']),
    streams: num(testStart?.['num_streams']) ?? 1,
    seconds: num(received?.['seconds']) ?? 0,
  };
  if (protocol === 'TCP') sample.retransmits = num(obj(end['sum_sent'])?.['retransmits']);
  else {
    const sum = obj(end['sum']) ?? received;
    sample.jitterMs = num(sum?.['jitter_ms']);
    sample.lostPercent = num(sum?.['lost_percent']);
  }
  return sample;
}
