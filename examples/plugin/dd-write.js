// The `dd-write` test: sequential writes with dd (fdatasync at the end), reported as MiB_sec per sample in pbench's layout.

/** `10485760 bytes (10 MB, 10 MiB) copied, 0.0123 s, 852 MB/s` → MiB per second. */
export function parseDd(stderr) {
  const m = /(\d+) bytes .* copied, ([\d.]+) s/.exec(stderr);
  if (!m) throw new Error(`dd-write: cannot parse dd's summary line: ${stderr.trim().split('\n').pop()}`);
  return Number(m[1]) / Number(m[2]) / 2 ** 20;
}

function entry(values) {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { client_hostname: 'all', role: 'aggregate', mean, stddev: sd, stddevpct: mean ? (sd / mean) * 100 : 0, samples: values.map((value) => ({ value })), unit: 'MiB/s', direction: 'higher' };
}

/**
 * @param {Record<string, unknown>} options `{ "size-mib": 8 | [8, 32], "samples": 3, "dir": "/var/tmp" }`
 * @returns {import('perfgate').Workload}
 */
export function createDdWrite(options) {
  const sizes = [options['size-mib'] ?? 8].flat();
  const samples = options.samples ?? 3;
  const dir = options.dir ?? '/var/tmp';
  const problems = [];
  if (!sizes.every((s) => Number.isInteger(s) && s > 0)) problems.push('"size-mib" must be a positive integer or a list of them');
  if (!Number.isInteger(samples) || samples < 1) problems.push('"samples" must be a positive integer');
  if (problems.length) throw new Error(`dd-write: ${problems.join('; ')}`);
  const iterations = sizes.map((size) => ({ name: `write-${size}MiB`, params: { 'size-mib': size }, samples, estimatedSampleSeconds: 0.5 }));
  return {
    name: 'dd-write',
    plan: () => iterations,
    // tests run on the workers the profile returned (for Localhost: the host itself)
    async check(ctx) {
      const worker = ctx.workers[0] ?? ctx.main;
      await worker.transport.exec(['dd', '--version']);
    },
    async run(ctx) {
      const worker = ctx.workers[0] ?? ctx.main;
      const file = `${dir}/perfgate-dd-write-${process.pid}.bin`;
      const results = [];
      try {
        for (const [index, it] of iterations.entries()) {
          const values = [];
          for (let s = 1; s <= it.samples; s++) {
            ctx.onSample({ iteration: it.name, iterationIndex: index, iterations: iterations.length, sample: s, samples: it.samples });
            const r = await worker.transport.exec(['dd', 'if=/dev/zero', `of=${file}`, 'bs=1M', `count=${it.params['size-mib']}`, 'conv=fdatasync'], { signal: ctx.signal });
            values.push(parseDd(r.stderr));
          }
          results.push({
            iteration_name: it.name,
            iteration_number: index + 1,
            iteration_data: {
              parameters: { benchmark: [{ benchmark_name: 'dd-write', primary_metric: 'MiB_sec', ...it.params }] },
              throughput: { MiB_sec: [entry(values)] },
            },
          });
        }
      } finally {
        await worker.transport.exec(['rm', '-f', file], { reject: false });
      }
      return results;
    },
  };
}
