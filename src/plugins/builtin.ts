// The built-in plugin: perfgate's own profiles and tests, registered through the same registry as npm plugins.
import { createHostsProfile } from '../profiles/hosts.js';
import { createKubernetesProfile } from '../profiles/kubernetes/profile.js';
import { createLocalhostProfile } from '../profiles/localhost.js';
import { createCommandWorkload } from '../tests/command/index.js';
import { createIperf3Workload } from '../tests/iperf3/index.js';
import { createFioWorkload } from '../tests/fio/index.js';
import { createUperfWorkload } from '../tests/uperf/index.js';
import type { Plugin } from './types.js';
import { definePlugin } from './types.js';

export const builtinPlugin: Plugin = definePlugin({
  name: 'perfgate',
  apiVersion: 1,
  profiles: { Localhost: () => createLocalhostProfile(), Hosts: (options) => createHostsProfile(options), Kubernetes: (options, ctx) => createKubernetesProfile(options, ctx) },
  workloads: { command: (options) => createCommandWorkload(options), fio: (options, ctx) => createFioWorkload(options, ctx), iperf3: (options) => createIperf3Workload(options), uperf: (options) => createUperfWorkload(options) },
});
