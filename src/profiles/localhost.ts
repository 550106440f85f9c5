// The Localhost profile: tests run directly on the host(s) as they are; applying and reverting change nothing.
import type { Profile } from '../plugins/types.js';

/** run-perf's Localhost: workers = [the main host]. */
export function createLocalhostProfile(): Profile {
  return {
    name: 'Localhost',
    async apply(hosts) {
      const main = hosts[0];
      return main ? [main] : [];
    },
    async revert() {},
  };
}
