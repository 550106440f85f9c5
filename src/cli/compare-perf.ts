#!/usr/bin/env node
// compare-perf binary: compare a destination result with a source (and references); exit 0/2/3 (see compare-perf-command.ts).
import { comparePerfCommand } from './compare-perf-command.js';
import { main } from './main.js';

await main('compare-perf', comparePerfCommand, { signals: 'default' });
