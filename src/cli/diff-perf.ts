#!/usr/bin/env node
// diff-perf binary: exit code = index of the candidate closest to the source (see diff-perf-command.ts).
import { diffPerfCommand } from './diff-perf-command.js';
import { main } from './main.js';

await main('diff-perf', diffPerfCommand, { signals: 'default' });
