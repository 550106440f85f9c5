// Loads the report's static assets once: templates/report.{css,js} from the package root and uPlot's bundle.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EnvironmentError } from '../../../errors.js';
import { inlineScript, inlineStyle } from './escape.js';

/** Asset texts, already made safe to inline, with the CSP hashes of the scripts. */
export interface HtmlAssets {
  css: string;
  js: string;
  jsHash: string;
  uplotCss: string;
  uplotJs: string;
  uplotJsHash: string;
}

let cached: HtmlAssets | undefined;

/**
 * The CLI bundles' CSP hashes of the shipped scripts as inlined (report.js, uPlot): JSON of an object keyed by that
 * exact text, which scripts/bundle-cli.mjs defines (a string, so the bundler leaves it in this module's chunk).
 * Anything else (an edited template, the library, tests) is hashed here.
 */
declare const PERFGATE_SCRIPT_HASHES: string | undefined;

let built: Readonly<Record<string, string>> | undefined;

/** sha256 source expression for a Content-Security-Policy, over the exact inline script text. */
export function cspHash(text: string): string {
  if (typeof PERFGATE_SCRIPT_HASHES === 'string') built ??= JSON.parse(PERFGATE_SCRIPT_HASHES) as Record<string, string>;
  const known = built && Object.hasOwn(built, text) ? built[text] : undefined;
  // (node:crypto on first use: with a known hash, a report loads neither it nor the stream modules it needs)
  return known ?? `'sha256-${process.getBuiltinModule('node:crypto').createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The perfgate package root: the nearest ancestor holding a package.json named "perfgate" and a templates/ dir. */
export function packageRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && existsSync(join(dir, 'templates'))) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'perfgate') return dir;
      } catch {
        // not our package.json; keep walking up
      }
    }
    const up = dirname(dir);
    if (up === dir) {
      throw new EnvironmentError(`perfgate templates/ not found above ${from}`, {
        code: 'PERFGATE_HTML_TEMPLATES_MISSING',
        hint: 'reinstall perfgate: its package must ship the templates/ folder',
      });
    }
    dir = up;
  }
}

function read(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new EnvironmentError(`cannot read the HTML report ${what} ${path}`, {
      code: 'PERFGATE_HTML_ASSET_MISSING',
      hint: 'reinstall perfgate (npm ci) so templates/ and the uplot dependency are present',
      cause,
    });
  }
}

/** Reads the report's own assets on first use and caches them; uPlot's only when a report has charts. */
export function htmlAssets(): HtmlAssets {
  if (cached) return cached;
  const root = packageRoot();
  const js = inlineScript(read(join(root, 'templates', 'report.js'), 'script'));
  let chartLibrary: { css: string; js: string; jsHash: string } | undefined;
  const charts = () => {
    if (!chartLibrary) {
      // node:module on first use: a report without charts does not load it
      const uplotDir = dirname(process.getBuiltinModule('node:module').createRequire(join(root, 'package.json')).resolve('uplot'));
      const uplotJs = inlineScript(read(join(uplotDir, 'uPlot.iife.min.js'), 'chart library'));
      chartLibrary = { css: inlineStyle(read(join(uplotDir, 'uPlot.min.css'), 'chart stylesheet')), js: uplotJs, jsHash: cspHash(uplotJs) };
    }
    return chartLibrary;
  };
  cached = {
    css: inlineStyle(read(join(root, 'templates', 'report.css'), 'stylesheet')),
    js,
    jsHash: cspHash(js),
    get uplotCss() {
      return charts().css;
    },
    get uplotJs() {
      return charts().js;
    },
    get uplotJsHash() {
      return charts().jsHash;
    },
  };
  return cached;
}

/** Async variant for callers that prefer to load the assets ahead of rendering (same cache). */
export async function loadHtmlAssets(): Promise<HtmlAssets> {
  return Promise.resolve(htmlAssets());
}
