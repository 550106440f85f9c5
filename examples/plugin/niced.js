// The `Niced` profile: the workers are the hosts, but every command a test runs on them is started under `nice -n <level>`.

/**
 * @param {Record<string, unknown>} options `{ "level": 10 }` (default 10)
 * @returns {import('perfgate').Profile}
 */
export function createNiced(options) {
  const level = options.level ?? 10;
  if (!Number.isInteger(level) || level < -20 || level > 19) {
    throw new Error(`Niced: "level" must be an integer from -20 to 19, got ${JSON.stringify(level)}`);
  }
  return {
    name: 'Niced',
    async apply(hosts) {
      return hosts.slice(0, 1).map((host) => ({
        ...host,
        labels: { ...host.labels, nice: String(level) },
        transport: {
          kind: host.transport.kind,
          // argv stays an array: nice receives the command's words unchanged
          exec: (argv, opts) => host.transport.exec(['nice', '-n', String(level), ...argv], opts),
          copyTo: (l, r) => host.transport.copyTo(l, r),
          copyFrom: (r, l) => host.transport.copyFrom(r, l),
          close: async () => {},
        },
      }));
    },
    async revert() {},
    async info() {
      return { nice: level };
    },
  };
}
