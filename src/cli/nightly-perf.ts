#!/usr/bin/env node
// nightly-perf binary (see nightly-perf-command.ts).
import { main } from './main.js';
import { nightlyPerfCommand } from './nightly-perf-command.js';

await main('nightly-perf', nightlyPerfCommand);
