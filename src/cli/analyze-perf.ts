#!/usr/bin/env node
// analyze-perf binary: learn run-perf compatible tolerance models from known-good results (see analyze-perf-command.ts).
import { analyzePerfCommand } from './analyze-perf-command.js';
import { main } from './main.js';

await main('analyze-perf', analyzePerfCommand, { signals: 'default' });
