// Paths of the vendored reference fixtures (copies of ../shared so tests run on any clean clone).
import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, '../fixtures');

/** Real run-perf result trees and models (`results/`) and what the Python tools answered (`expected/`). */
export const COMPAT_DIR = join(FIXTURES, 'runperf-compat');
export const COMPAT_RESULTS = join(COMPAT_DIR, 'results');
export const COMPAT_EXPECTED = join(COMPAT_DIR, 'expected');
/** Real fio 3.33 outputs: standalone, client/server and error cases. */
export const FIO_SAMPLES = join(FIXTURES, 'fio-samples');
