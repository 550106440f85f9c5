// The HTML report's pure parts: escaping, the embedded data model, metadata diffs, per-build counts.
import { describe, expect, it } from 'vitest';
import { escapeHtml, inlineScript, jsonForScript, safeHref } from '../../src/compare/reporters/html/escape.js';
import { letterCode, lineDiff, metadataDiff, valueDiff } from '../../src/compare/reporters/html/metadata-diff.js';
import { ROW_FIELDS, buildPayload } from '../../src/compare/reporters/html/payload.js';
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

  it('row values round-trip to the report (6 significant digits)', () => {
    const p = buildPayload(report, { withCharts: false, smallFile: false });
    for (const row of p.rows) {
      const at = (f: (typeof ROW_FIELDS)[number]) => row[ROW_FIELDS.indexOf(f)] ?? null;
      const id = (at('flags') as number) & 64 ? `${p.groups[at('group') as number]}/${String(at('id'))}` : at('id');
      const r = dst.results.find((x) => x.id === id)!;
      expect(r).toBeDefined();
      expect(p.groups[at('group') as number]).toBe(`${r.profile}/${r.test}`);
      if (typeof r.dst === 'number') expect(Math.abs((at('dst') as number) - r.dst)).toBeLessThanOrEqual(Math.abs(r.dst) * 5e-6);
      expect(at('details')).toBe(r.details);
    }
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

  it('renders a report with no checks (exit code 3) without failing', () => {
    const empty = { ...report, exitCode: 3 as const, builds: report.builds.map((b) => ({ ...b, results: [] })), summary: { ...report.summary, total: 0, primary: 0, regressions: 0 } };
    const html = renderHtml(empty, { withCharts: true, smallFile: false });
    expect(html).toContain('NOTHING COMPARED');
    expect(html).toContain('All checks (0)');
  });
});
