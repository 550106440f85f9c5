// The HTML report's pure parts: escaping, the embedded data model, metadata diffs, per-build counts.
import { describe, expect, it } from 'vitest';
import { escapeHtml, inlineScript, jsonForScript, safeHref } from '../../src/compare/reporters/html/escape.js';
import { letterCode, lineDiff, metadataDiff, valueDiff } from '../../src/compare/reporters/html/metadata-diff.js';
import { ROW_FIELDS, buildPayload, compareResults, tableResults } from '../../src/compare/reporters/html/payload.js';
import type { CheckResult, ComparisonReport, Verdict } from '../../src/compare/types.js';
import { createRng } from '../../src/analyze/stats/prng.js';
import { buildCounts } from '../../src/compare/reporters/html/summary.js';
import { renderHtml } from '../../src/compare/reporters/html/index.js';
import { makeReport } from '../support/report-fixture.js';

describe('escaping', () => {
  it('escapes the five HTML metacharacters', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml(42)).toBe('42');
  });

  it('JSON for a script block: no <, >, &, U+2028/9 left, and JSON.parse restores the value', () => {
    const value = { s: '</script><!-- a & b \u2028\u2029 -->', n: [1.5, null] };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });

  it('JSON for a script block escapes each of the five characters when it is the only one, and is plain JSON without them', () => {
    for (const c of ['<', '>', '&', '\u2028', '\u2029']) {
      const text = jsonForScript({ s: `a${c}b`, n: 1 });
      expect(text).toBe(`{"s":"a\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}b","n":1}`);
      expect(JSON.parse(text)).toEqual({ s: `a${c}b`, n: 1 });
    }
    const plain = { s: 'a → b … "q" \\ \u00e9', rows: [[1.5, null, 'x']] };
    expect(jsonForScript(plain)).toBe(JSON.stringify(plain));
  });

  it('inline script text loses every </script and <!-- sequence', () => {
    const out = inlineScript('a="</script>";b="</SCRIPT";c="<!--"');
    expect(out).not.toMatch(/<\/script|<!--/i);
    // Still the same JavaScript values.
    const f = new Function(`${out};return [a,b,c];`) as () => string[];
    expect(f()).toEqual(['</script>', '</SCRIPT', '<!--']);
  });

  it('links only for http(s) URLs', () => {
    expect(safeHref(' https://ci.example.com/job/1/ \n')).toBe('https://ci.example.com/job/1/');
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('https://ci.example.com/\u0001job')).toBeUndefined();
    expect(safeHref('data:text/html,x')).toBeUndefined();
    expect(safeHref('http://x/"onmouseover=1')).toBeUndefined();
  });
});

describe('metadata diff', () => {
  it('letter codes run A..Z, AA, AB', () => {
    expect([0, 1, 25, 26, 27, 701, 702].map(letterCode)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });

  it('multiset line diff keeps order and counts duplicates', () => {
    const l = (xs: string[]) => xs.map((line) => ({ path: '', line }));
    const d = lineDiff(l(['a', 'b', 'b', 'c']), l(['b', 'c', 'd', 'd']));
    expect(d.removed.map((x) => x.line)).toEqual(['a', 'b']);
    expect(d.added.map((x) => x.line)).toEqual(['d', 'd']);
  });

  it('only keys that differ, _raw keys left out, a missing key differs, identical values share a letter', () => {
    const rows = metadataDiff([
      { build: '1\n', distro: 'F40\n', kernel_raw: 'x', same: 'v' },
      { build: '2\n', distro: 'F40\n', kernel_raw: 'y', same: 'v' },
      { build: '1\n', distro: 'F41\n', kernel_raw: 'z', same: 'v', extra: 'e' },
    ]);
    expect(rows.map((r) => r.key)).toEqual(['build', 'distro', 'extra']);
    expect(rows[0]?.letters).toEqual(['A', 'B', 'A']);
    expect(rows[2]?.values).toEqual([undefined, undefined, 'e']);
    expect(rows.every((r) => r.short && r.diffs.length === 0)).toBe(true);
  });

  it('environment_world JSON is diffed per host section; a host present on one side is one whole section', () => {
    const env = (kernel: string, hosts: number) =>
      JSON.stringify(Array.from({ length: hosts }, (_, i) => ({ kernel, rpm: `a-1\nb-${i}\nc-1`, general_raw: `raw ${kernel}` })));
    const d = valueDiff(env('5.0', 2), env('5.6', 1));
    expect(d.removed).toEqual([{ path: '[0].kernel', line: '5.0' }]);
    expect(d.added).toEqual([{ path: '[0].kernel', line: '5.6' }]);
    expect(d.removedSections).toEqual([
      { path: '[1].kernel', lines: 1 },
      { path: '[1].rpm', lines: 3 },
    ]);
    expect(d.addedSections).toEqual([]);
    const rows = metadataDiff([{ environment_world: env('5.0', 2) }, { environment_world: env('5.6', 1) }]);
    expect(rows[0]?.short).toBe(false);
    expect(rows[0]?.diffs).toHaveLength(1);
    expect(rows[0]?.diffs[0]).toMatchObject({ from: 0, to: 1 });
  });

  it('a key the destination lacks: the sections of the source are removed whole, and no empty "value" section is added', () => {
    const world = JSON.stringify([{ kernel: '5.0', rpm: `${'a'.repeat(100)}-1\nb-1` }]);
    const [row] = metadataDiff([{ environment_profile_X: world }, {}]);
    expect(row?.values).toEqual([world, undefined]);
    expect(row?.diffs).toEqual([
      { from: 0, to: 1, removed: [], added: [], removedSections: [{ path: '[0].kernel', lines: 1 }, { path: '[0].rpm', lines: 2 }], addedSections: [] },
    ]);
    // and the other way round, for a key new in the destination
    expect(valueDiff('', 'line one\nline two')).toEqual({ removed: [], added: [], removedSections: [], addedSections: [{ path: '', lines: 2 }] });
  });
});

describe('embedded data and counts', () => {
  const report = makeReport({ builds: 3, checks: 120, seed: 11, shiftRate: 0.2 });
  const dst = report.builds.at(-1)!;

  it('one row per destination check, severity first; small file keeps primary rows only', () => {
    const full = buildPayload(report, { withCharts: true, smallFile: false });
    expect(full.rows).toHaveLength(dst.results.length);
    const verdictAt = ROW_FIELDS.indexOf('verdict');
    const order = full.rows.map((r) => r[verdictAt] as number);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(full.verdicts[order[0]!]).toBe('regression');
    const small = buildPayload(report, { withCharts: true, smallFile: true });
    expect(small.charts).toBe(false);
    expect(small.rows).toHaveLength(dst.results.filter((r) => r.primary).length);
    expect(small.rows.every((r) => ((r[ROW_FIELDS.indexOf('flags')] as number) & 1) === 1)).toBe(true);
    // Trailing nulls are dropped, never a null at the end of a row.
    expect(full.rows.every((r) => r.at(-1) !== null)).toBe(true);
  });

  it('history and params cells: every history value as 6 significant digits (null when missing or not finite), params text made once per params object', () => {
    const odd = makeReport({ builds: 5, checks: 60, seed: 3 });
    const results = odd.builds.at(-1)!.results as CheckResult[];
    const shared = { b: '2', a: '1 ' };
    const sameText = { a: '1 ', b: '2' };
    const odds: (number | string | undefined)[] = [undefined, 'text', Number.NaN, Infinity, -Infinity, -0, 0, 1e-300, 123456.5, -0.000123456789, 1e21];
    results.forEach((r, i) => {
      r.history = i % 3 === 0 ? [] : Array.from({ length: 4 }, (_, j) => odds[(i + j) % odds.length]);
      r.params = i % 4 === 0 ? undefined : i % 4 === 1 ? shared : i % 4 === 2 ? sameText : i % 8 === 3 ? {} : { [`k${i % 5}`]: `v${i % 3}` };
    });
    const p = buildPayload(odd, { withCharts: false, smallFile: false });
    const table = tableResults(odd, false);
    const cell = (x: number | string | undefined) => (x === undefined ? null : typeof x === 'string' ? x : Number.isFinite(x) ? Number(x.toPrecision(6)) : null);
    const texts: string[] = [];
    const textOf = (params: Readonly<Record<string, string>> | undefined): string | null => {
      if (!params) return null;
      const keys = Object.keys(params).sort();
      return keys.length === 0 ? null : keys.map((k) => `${k}: ${params[k]}`.trimEnd()).join('\n');
    };
    table.forEach((r, i) => {
      const row = p.rows[i]!;
      const history = row[ROW_FIELDS.indexOf('history')] ?? null;
      expect(history).toEqual(r.history.length ? r.history.map(cell) : null);
      if (Array.isArray(history)) history.forEach((v, j) => expect(Object.is(v, cell(r.history[j]))).toBe(true));
      const text = textOf(r.params);
      if (text !== null && !texts.includes(text)) texts.push(text);
      const at = row[ROW_FIELDS.indexOf('params')] ?? null;
      expect(at === null ? null : p.params[at as number]).toBe(text);
    });
    expect(p.params).toEqual(texts);
    expect(JSON.parse(jsonForScript(p))).toEqual(JSON.parse(JSON.stringify(p)));
  });

  it('the table order is compareResults order (stable for ties) on random verdicts, flags and repeated ids', () => {
    const rand = createRng(9).next;
    const verdicts: Verdict[] = ['pass', 'minor-gain', 'minor-loss', 'improvement', 'regression', 'error'];
    for (let t = 0; t < 50; t++) {
      const base = makeReport({ builds: 2, checks: 10, seed: t });
      const results = Array.from({ length: Math.floor(rand() * 300) }, (_, i) => ({
        id: `c${Math.floor(rand() * 40)}`,
        verdict: verdicts[Math.floor(rand() * verdicts.length)] as Verdict,
        primary: rand() < 0.5,
        grouped: rand() < 0.3,
        n: i,
      })) as unknown as CheckResult[];
      const report: ComparisonReport = { ...base, builds: [base.builds[0]!, { ...base.builds.at(-1)!, results }] };
      for (const small of [false, true]) {
        const want = results.filter((r) => !small || r.primary).sort(compareResults);
        expect(tableResults(report, small)).toEqual(want);
        expect(tableResults(report, small).every((r, i) => r === want[i])).toBe(true);
      }
    }
  });

  it('row values round-trip to the report (6 significant digits)', () => {
    const p = buildPayload(report, { withCharts: false, smallFile: false });
    for (const row of p.rows) {
      const at = (f: (typeof ROW_FIELDS)[number]) => row[ROW_FIELDS.indexOf(f)] ?? null;
      const id = (at('flags') as number) & 64 ? `${p.groups[at('group') as number]}/${String(at('id'))}` : at('id');
      const r = dst.results.find((x) => x.id === id)!;
      expect(r).toBeDefined();
      expect(p.groups[at('group') as number]).toBe(`${r.profile}/${r.test}`);
      if (r.grouped) {
        // its src/dst are the group's change, not measured values: no value cells
        expect([at('src'), at('dst')]).toEqual([null, null]);
      } else if (typeof r.dst === 'number') expect(Math.abs((at('dst') as number) - r.dst)).toBeLessThanOrEqual(Math.abs(r.dst) * 5e-6);
      expect(at('details')).toBe(r.details);
    }
    expect(dst.results.some((r) => r.grouped && typeof r.dst === 'number')).toBe(true);
  });

  it('reference counts follow the same rules as the destination summary', () => {
    const policy = { compat: false, failOnImprovement: false };
    const c = buildCounts(dst, policy);
    expect(c.regressions).toBe(report.summary.regressions);
    expect(c.improvements).toBe(report.summary.improvements);
    expect(c.errors).toBe(report.summary.errors);
    expect(c.groupFailures).toBe(report.summary.groupFailures);
    expect(c.nonPrimaryFailures).toBe(report.summary.nonPrimaryFailures);
  });

  it('many builds: the metadata diff lists distinct values and their builds instead of a column per build', () => {
    const many = makeReport({ builds: 20, checks: 40, seed: 2 });
    const html = renderHtml(many, { withCharts: false, smallFile: true });
    const table = html.slice(html.indexOf('<table id="metadata-diff"'), html.indexOf('</table>', html.indexOf('<table id="metadata-diff"')));
    expect(table).toContain('<th>values (builds that have them)</th>');
    expect(table.match(/<th>/g)).toHaveLength(2);
    // distro: the destination's kernel differs from the other 19 builds' one.
    expect(table).toContain('in 19 builds');
    expect(table).toContain('20 distinct values (source 100, destination 119)');
    const few = renderHtml(makeReport({ builds: 4, checks: 40, seed: 2 }), { withCharts: false, smallFile: true });
    expect(few).toContain('<th>103 (destination)</th>');
  });

  it('the server-rendered failure lists show no source or destination value for a grouped check', () => {
    const base = makeReport({ builds: 3, checks: 40, seed: 9 });
    const dst = base.builds.at(-1)!;
    const grouped = dst.results.find((r) => r.grouped && typeof r.dst === 'number')!;
    expect(grouped).toBeDefined();
    const results = dst.results.map((r) => (r === grouped ? { ...r, verdict: 'regression' as const, status: -2 as CheckResult['status'] } : r));
    const html = renderHtml({ ...base, builds: [...base.builds.slice(0, -1), { ...dst, results }] }, { withCharts: false, smallFile: false });
    const row = html.slice(html.indexOf(`<td class="mono id">${escapeHtml(grouped.id)} <span class="tag">group</span></td>`));
    expect(row.length).toBeLessThan(html.length);
    expect(row).toMatch(/^<td class="mono id">[^<]*<span class="tag">group<\/span><\/td><td class="num">–<\/td><td class="num">–<\/td>/);
  });

  it('renders a report with no checks (exit code 3) without failing', () => {
    const empty = { ...report, exitCode: 3 as const, builds: report.builds.map((b) => ({ ...b, results: [] })), summary: { ...report.summary, total: 0, primary: 0, regressions: 0 } };
    const html = renderHtml(empty, { withCharts: true, smallFile: false });
    expect(html).toContain('NOTHING COMPARED');
    expect(html).toContain('All checks (0)');
  });
});
