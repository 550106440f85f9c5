#!/usr/bin/env node
// strip-run-perf binary (see strip-run-perf-command.ts).
import { main } from './main.js';
import { stripRunPerfCommand } from './strip-run-perf-command.js';

await main('strip-run-perf', stripRunPerfCommand, { signals: 'default' });
