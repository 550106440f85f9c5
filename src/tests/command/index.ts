// The command test's public surface: the factory registered as `command` and its parameter type.
export { createCommandWorkload, WALL_METRIC } from './command.js';
export type { CommandParams } from './params.js';
