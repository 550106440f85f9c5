// The fio test's public surface: the workload factory (registered as `fio`) and the distributed client/server core for SSH and Kubernetes targets.
export { createFioWorkload } from './fio.js';
export type { FioParams } from './params.js';
export type { DistributedRunOptions, DistributedRunResult, FioServer, StartServerOptions, WorkerResult } from './distributed.js';
export { DEFAULT_FIO_PORT, FIO_SERVER_LABEL, labelledFioServer, probeTcp, runDistributedFio, runningFioServer, startFioServer, startFioServers, stopFioServers } from './distributed.js';
export type { DirectionStats, FioStats } from './aggregate.js';
export { mergeConcurrent, statsFromEntries } from './aggregate.js';
export { FioRunError, findProblems } from './errors.js';
export type { FioEntry, FioOutput } from './parse.js';
export { FioOutputError, parseFioOutput } from './parse.js';
export { sampleMetrics } from './metrics.js';
export { renderJobFile } from './job-file.js';
export { seriesFromLogs } from './timeseries.js';
export type { LogFile, SeriesPoint } from './timeseries.js';
export type { JobSection } from './job-file.js';
