#!/usr/bin/env node
// run-perf binary: run tests under profiles into a run-perf result tree (see run-perf-command.ts).
import { main } from './main.js';
import { runPerfCommand } from './run-perf-command.js';

await main('run-perf', runPerfCommand);
