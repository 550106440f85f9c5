// The built-in plugin: perfgate's own profiles and tests, registered through the same registry as npm plugins.
import { createLocalhostProfile } from '../profiles/localhost.js';
import { createCommandWorkload } from '../tests/command/index.js';
import { createFioWorkload } from '../tests/fio/index.js';
import type { Plugin } from './types.js';
import { definePlugin } from './types.js';

export const builtinPlugin: Plugin = definePlugin({
  name: 'perfgate',
  apiVersion: 1,
  profiles: { Localhost: () => createLocalhostProfile() },
  workloads: { command: (options) => createCommandWorkload(options), fio: (options, ctx) => createFioWorkload(options, ctx) },
});
