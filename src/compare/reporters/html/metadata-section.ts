// Server-rendered metadata section: keys that differ between builds, line diffs of long values, full metadata.
import type { ComparisonReport } from '../../types.js';
import { escapeHtml as h } from './escape.js';
import type { ValueDiff } from './metadata-diff.js';
import { metadataDiff, valueDiff, valueSections } from './metadata-diff.js';
import type { LineDiff, MetadataDiffRow } from './metadata-diff.js';
import { buildLabel, destinationOf } from './payload.js';

/** In a small file, diffs are cut to this many lines and lines to this many characters. */
const SMALL_LINES = 40;
const SMALL_CHARS = 200;
/** A long value is shown as a diff against an earlier key when it differs in fewer than this share of lines. */
const SIMILAR = 0.2;

function cut(s: string, small: boolean): string {
  return small && s.length > SMALL_CHARS ? `${s.slice(0, SMALL_CHARS)}…` : s;
}

/** Diff lines grouped under their section path (`[0].rpm` once, then its `-`/`+` lines); whole sections as counts. */
function diffPre(d: ValueDiff, small: boolean): string {
  const tagged = [...d.removed.map((l) => ({ ...l, sign: '-' })), ...d.added.map((l) => ({ ...l, sign: '+' }))];
  const order = new Map<string, number>();
  for (const l of tagged) if (!order.has(l.path)) order.set(l.path, order.size);
  tagged.sort((a, b) => (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0));
  const shown = small ? tagged.slice(0, SMALL_LINES) : tagged;
  let path: string | undefined;
  const out: string[] = [
    ...d.removedSections.map((s) => `<del>- ${h(s.path || 'value')}: whole section (${s.lines} lines)</del>`),
    ...d.addedSections.map((s) => `<ins>+ ${h(s.path || 'value')}: whole section (${s.lines} lines)</ins>`),
  ];
  for (const l of shown) {
    if (l.path !== path) {
      path = l.path;
      if (path) out.push(`<b>${h(path)}</b>`);
    }
    const text = `${l.sign} ${h(cut(l.line, small))}`;
    out.push(l.sign === '-' ? `<del>${text}</del>` : `<ins>${text}</ins>`);
  }
  if (shown.length < tagged.length) out.push(`<i>… ${tagged.length - shown.length} more lines</i>`);
  return `<pre class="diff">${out.join('')}</pre>`;
}

function diffSize(d: ValueDiff): string {
  const sections = d.removedSections.length + d.addedSections.length;
  return `${d.removed.length} removed, ${d.added.length} added lines${sections ? `, ${sections} whole sections` : ''}`;
}

/** A long value, one collapsible block per JSON section. */
function valueBlock(value: string): string {
  const sections = valueSections(value);
  if (sections.length === 1 && sections[0]?.path === '') return `<pre>${h(value)}</pre>`;
  return sections
    .map((s) => `<details><summary>${h(s.path)} (${s.lines.length} lines)</summary><pre>${h(s.lines.join('\n'))}</pre></details>`)
    .join('');
}

/**
 * The destination's full metadata. Values equal to an earlier key's say so; environment_profile_* values
 * close to environment_world are shown as their difference from it (run-perf's profile env diff).
 */
function fullMetadata(report: ComparisonReport, label: string): string {
  const dst = destinationOf(report);
  if (!dst) return '';
  const meta = dst.metadata;
  const keys = Object.keys(meta).sort();
  const firstKeyOf = new Map<string, string>();
  const rows = keys.map((k) => {
    const v = meta[k] ?? '';
    let cellHtml: string;
    const same = firstKeyOf.get(v);
    const world = meta.environment_world;
    if (same !== undefined && v.length > 40) {
      cellHtml = `<span class="muted">same as ${h(same)}</span>`;
    } else if (k.startsWith('environment_profile_') && world !== undefined && world !== v) {
      const d = valueDiff(world, v);
      const total = valueSections(v).reduce((n, s) => n + s.lines.length, 0);
      cellHtml =
        d.removed.length + d.added.length + d.removedSections.length + d.addedSections.length < SIMILAR * total
          ? `<span class="muted">environment_world except:</span>${diffPre(d, false)}`
          : valueBlock(v);
    } else {
      cellHtml = v.length > 200 || v.trim().includes('\n') ? valueBlock(v) : `<span class="mono">${h(v)}</span>`;
    }
    if (!firstKeyOf.has(v)) firstKeyOf.set(v, k);
    return `<tr><td class="mono key">${h(k)}</td><td>${cellHtml}</td></tr>`;
  });
  return `<details class="full-meta" id="full-metadata"><summary>Full metadata of the destination ${h(label)} (${keys.length} keys; every other build equals it except for the differences above) · ${h(dst.path)}</summary><table>${rows.join('')}</table></details>`;
}

/** Beyond this many builds the diff table lists distinct values instead of one column per build. */
const WIDE_LIMIT = 6;
/** Build names listed per distinct value in the compact layout. */
const NAMES_LIMIT = 12;

function valueCell(r: MetadataDiffRow, v: string | undefined, i: number): string {
  if (v === undefined) return '<td class="muted">(missing)</td>';
  return r.short ? `<td class="mono">${h(v.trim())}</td>` : `<td><span class="letter">${h(r.letters[i] ?? '')}</span></td>`;
}

/** Compact layout: each distinct value once (its letter, the value when short) with the builds that have it. */
function distinctValues(r: MetadataDiffRow, names: readonly string[]): string {
  const byLetter = new Map<string, { value: string | undefined; builds: string[] }>();
  r.values.forEach((v, i) => {
    const letter = r.letters[i] ?? '';
    const entry = byLetter.get(letter) ?? { value: v, builds: [] };
    entry.builds.push(names[i] ?? '');
    byLetter.set(letter, entry);
  });
  const entries = [...byLetter.entries()]
    .map(([letter, e]) => {
      const value = e.value === undefined ? '<span class="muted">(missing)</span>' : r.short ? `<span class="mono">${h(e.value.trim())}</span>` : '';
      const list = e.builds.slice(0, NAMES_LIMIT).join(', ') + (e.builds.length > NAMES_LIMIT ? `, … ${e.builds.length - NAMES_LIMIT} more` : '');
      return `<div><span class="letter">${h(letter)}</span> ${value} <span class="muted">in ${e.builds.length} build${e.builds.length === 1 ? '' : 's'}: ${h(list)}</span></div>`;
    });
  if (entries.length <= NAMES_LIMIT) return entries.join('');
  const ends = r.short ? ` (source ${h(r.values[0]?.trim() ?? '–')}, destination ${h(r.values.at(-1)?.trim() ?? '–')})` : '';
  return `<details><summary>${entries.length} distinct values${ends}</summary>${entries.join('')}</details>`;
}

/** The metadata/environment difference between builds, and (unless small) the destination's full metadata. */
export function renderMetadata(report: ComparisonReport, small: boolean): string {
  const builds = report.builds;
  const names = builds.map((b) => `${buildLabel(b)} (${b.role})`);
  const rows = metadataDiff(builds.map((b) => b.metadata));
  // Up to WIDE_LIMIT builds: one column per build. More: one cell listing each distinct value and its builds.
  const wide = builds.length <= WIDE_LIMIT;
  const head = wide ? `<tr><th>key</th>${names.map((n) => `<th>${h(n)}</th>`).join('')}</tr>` : '<tr><th>key</th><th>values (builds that have them)</th></tr>';
  const body = rows
    .map((r) => {
      const cells = wide ? r.values.map((v, i) => valueCell(r, v, i)).join('') : `<td>${distinctValues(r, names)}</td>`;
      const one = (d: LineDiff) => {
        const from = `${r.letters[d.from] ?? ''} ${names[d.from] ?? ''}`;
        const to = `${r.letters[d.to] ?? ''} ${names[d.to] ?? ''}`;
        return `<details><summary>${h(from)} → ${h(to)}: ${diffSize(d)}</summary>${diffPre(d, small)}</details>`;
      };
      // The source's diff always shows; many reference diffs fold into one block.
      const refDiffs = r.diffs.filter((d) => d.from !== 0);
      const diffs =
        r.diffs.filter((d) => d.from === 0).map(one).join('') +
        (refDiffs.length > 4
          ? `<details><summary>${refDiffs.length} more values (references) → destination</summary>${refDiffs.map(one).join('')}</details>`
          : refDiffs.map(one).join(''));
      return `<tr><td class="mono key">${h(r.key)}</td>${cells}</tr>${diffs ? `<tr class="diff-row"><td colspan="${wide ? builds.length + 1 : 2}">${diffs}</td></tr>` : ''}`;
    })
    .join('');
  const diff = rows.length
    ? `<table id="metadata-diff" class="meta-diff"><thead>${head}</thead><tbody>${body}</tbody></table>`
    : '<p id="metadata-diff" class="muted">All builds have the same metadata.</p>';
  const dst = destinationOf(report);
  const full = small || !dst ? '' : fullMetadata(report, dst ? buildLabel(dst) : '');
  return `<section id="metadata"><h2>Metadata that differs between builds (${rows.length})</h2>${diff}${full}</section>`;
}
