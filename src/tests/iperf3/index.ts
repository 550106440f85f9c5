// The iperf3 test's public surface: the factory registered as `iperf3`, its parser and parameter type.
export { createIperf3Workload, PRIMARY } from './iperf3.js';
export { Iperf3Failure, parseIperf3Json } from './parse.js';
export type { Iperf3Sample } from './parse.js';
export type { Iperf3Params } from './params.js';
