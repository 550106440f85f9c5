// compare-perf's comparison itself (loaded once the arguments are good): read, decide, write the reports.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { comparePerf } from '../compare/compare.js';
import { createMethod, DEFAULT_METHOD } from '../compare/methods/index.js';
import { loadModels } from '../compare/models.js';
import { renderConsole } from '../compare/reporters/console.js';
import { renderJson } from '../compare/reporters/json.js';
import { renderRunperfLog } from '../compare/reporters/runperf-log.js';
import { terminalSafe } from '../compare/reporters/terminal-safe.js';
import { renderXunit } from '../compare/reporters/xunit.js';
import type { ComparisonReport } from '../compare/types.js';
import type { ModelLookup } from '../compare/methods/options.js';
import { UsageError } from '../errors.js';
import { parseResultSpec } from '../result/read-tree.js';
import type { CompareArgs } from './compare-perf-command.js';
import { writeFileAtomic } from './atomic-write.js';
import { tuneForHistory } from './gc-tuning.js';
import type { CliIo } from './io.js';
import { packageVersion } from './package-version.js';
import { treeCacheFor } from './tree-cache-dir.js';
import { unwritableReason } from './output-path.js';
import { makeDirsSync } from '../make-dirs.js';

/** Write a report file, creating its folder; a bad path is a usage error naming the option. */
function writeOutput(io: CliIo, option: string, file: string, text: string): void {
  const path = resolve(io.cwd, file);
  try {
    makeDirsSync(dirname(path));
    writeFileAtomic(path, text);
  } catch (e) {
    throw new UsageError(`${option} ${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'choose a writable path');
  }
}

/**
 * Fail before reading (not after printing a whole report, hiding its exit code) when a report path surely cannot
 * be written: it is a folder, or its nearest existing ancestor is a file or a folder this user cannot write into.
 */
function checkOutputs(io: CliIo, args: CompareArgs): void {
  const outputs: [string, string | undefined][] = [['--xunit', args.xunit], ['--html', args.html], ['--json', args.json === '-' ? undefined : args.json], ['--log', args.log]];
  for (const [option, file] of outputs) {
    if (file === undefined) continue;
    const code = unwritableReason(resolve(io.cwd, file), true);
    if (code !== undefined) throw new UsageError(`${option} ${file}: cannot write (${code})`, 'choose a writable path');
  }
}

/** Every result must exist before anything is read (run-perf: a usage error). */
function checkResults(io: CliIo, results: readonly string[]): void {
  for (const spec of results) {
    const { path } = parseResultSpec(spec, io.cwd);
    if (!existsSync(path)) throw new UsageError(`result '${spec}' does not exist (looked at ${path})`, 'pass result directories written by run-perf, optionally as NAME:PATH', 'PERFGATE_RESULT_NOT_FOUND');
  }
}

/**
 * run-perf's scoring (--method tolerance, --compat runperf) reads run-perf models only: a perfgate model has no
 * linear equations, and was silently ignored there, so the run scored every check without a model.
 */
function checkModelKinds(models: readonly ModelLookup[], method: string, compat: boolean): void {
  if (method !== 'tolerance' && method !== 'runperf') return;
  const perfgate = models.find((m) => m.perfgate !== undefined);
  if (perfgate === undefined) return;
  throw new UsageError(
    `-l ${perfgate.name} is a perfgate model (analyze-perf --format perfgate), which ${compat ? '--compat runperf' : `--method ${method}`} cannot use`,
    'learn a run-perf model for it (analyze-perf -l/-s without --format perfgate), or drop the option to use the robust method, which reads this one',
  );
}

/** The HTML reporter (and its templates) load only when --html is given, to keep start-up fast. */
async function renderHtmlReport(report: ComparisonReport, withCharts: boolean, smallFile: boolean): Promise<string> {
  const { renderHtml } = await import('../compare/reporters/html/index.js');
  return renderHtml(report, { withCharts, smallFile });
}

/** Compare the results named by good arguments; returns the exit code (0, 2 or 3). */
export async function runComparison(io: CliIo, args: CompareArgs): Promise<number> {
  checkResults(io, [...args.results, ...args.confirm]);
  checkOutputs(io, args);
  tuneForHistory(args.results.length + args.confirm.length);
  if (args.compat && args.confirm.length > 0) throw new UsageError('--confirm is not part of run-perf; it cannot be combined with --compat runperf', 'drop one of them');
  const models = await loadModels(args.models.map((m) => resolve(io.cwd, m)));
  const methodOptions = {
    tolerance: args.tolerance,
    toleranceGiven: args.toleranceGiven,
    stddevTolerance: args.stddevTolerance,
    stddevToleranceGiven: args.stddevToleranceGiven,
    models,
    modelBuildsAverage: args.modelBuildsAverage,
    nOutOfResults: args.nOutOfResults,
    nOutOfResultsN: args.nOutOfResultsN,
    alpha: args.alpha,
    failOnImprovement: args.failOnImprovement,
    verbose: args.verbose,
    compat: args.compat === 'runperf',
  };
  const methodName = args.compat ? 'runperf' : (args.method ?? DEFAULT_METHOD);
  checkModelKinds(models, methodName, args.compat === 'runperf');
  const method = createMethod(methodName, methodOptions);
  const report = comparePerf({
    results: args.results,
    cwd: io.cwd,
    method,
    methodOptions,
    mode: args.compat ? 'runperf' : 'perfgate',
    includeIncorrect: args.includeIncorrect,
    confirm: args.confirm,
    cache: treeCacheFor(io, 'compare-perf', args.noCache),
    version: packageVersion(),
    echo: {
      tolerance: args.tolerance,
      stddevTolerance: args.stddevTolerance,
      models: args.models,
      modelBuildsAverage: args.modelBuildsAverage,
      nOutOfResults: args.nOutOfResults,
      nOutOfResultsN: args.nOutOfResultsN,
      includeIncorrectResults: args.includeIncorrect,
      alpha: args.alpha,
      confirm: args.confirm,
    },
  });
  if (args.xunit) {
    writeOutput(io, '--xunit', args.xunit, renderXunit(report));
  }
  if (args.html) writeOutput(io, '--html', args.html, await renderHtmlReport(report, args.htmlWithCharts, args.htmlSmallFile));
  if (args.json) {
    if (args.json === '-') io.stdout.write(renderJson(report));
    else writeOutput(io, '--json', args.json, renderJson(report));
  }
  if (args.json !== '-') io.stdout.write(renderConsole(report, { color: io.stdout.isTTY === true && !io.env['NO_COLOR'], verbose: args.verbose }));
  if (args.compat) io.stderr.write(renderRunperfLog(report, args.verbose));
  else if (args.json === '-') for (const w of report.warnings) io.stderr.write(terminalSafe(`compare-perf: warning: ${w}\n`));
  if (args.log) {
    const text = [renderRunperfLog(report, 1), renderConsole(report, { color: false, verbose: 2 })].join('\n');
    writeOutput(io, '--log', args.log, text);
  }
  return report.exitCode;
}
