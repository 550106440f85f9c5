#!/usr/bin/env node
// bisect-perf binary (see bisect-perf-command.ts).
import { bisectPerfCommand } from './bisect-perf-command.js';
import { main } from './main.js';

await main('bisect-perf', bisectPerfCommand);
