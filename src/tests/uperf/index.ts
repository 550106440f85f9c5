// The uperf test's public surface: the factory registered as `uperf`, its profile generator and parser.
export { createUperfWorkload, iterationName, uperfIteration } from './uperf.js';
export { parseUperfOutput, UperfFailure } from './parse.js';
export type { UperfSample } from './parse.js';
export { uperfProfileXml } from './profile.js';
export type { UperfParams } from './params.js';
