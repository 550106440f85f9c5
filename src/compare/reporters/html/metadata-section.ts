// Server-rendered metadata section: keys that differ between builds, line diffs of long values, full metadata.
import type { ComparisonReport } from '../../types.js';
import { escapeHtml as h } from './escape.js';
import { metadataDiff } from './metadata-diff.js';
import { buildLabel } from './payload.js';

/** In a small file, long values and diffs are cut to this many lines / characters. */
const SMALL_LINES = 40;
const SMALL_CHARS = 200;

function cut(s: string, small: boolean): string {
  return small && s.length > SMALL_CHARS ? `${s.slice(0, SMALL_CHARS)}…` : s;
}

/** The metadata/environment difference between builds, and (unless small) every build's full metadata. */
export function renderMetadata(report: ComparisonReport, small: boolean): string {
  const builds = report.builds;
  const names = builds.map((b) => `${buildLabel(b)} (${b.role})`);
  const rows = metadataDiff(builds.map((b) => b.metadata));
  const head = `<tr><th>key</th>${names.map((n) => `<th>${h(n)}</th>`).join('')}</tr>`;
  const body = rows
    .map((r) => {
      const cells = r.values
        .map((v, i) => {
          const letter = `<span class="letter">${h(r.letters[i] ?? '')}</span>`;
          if (v === undefined) return '<td class="muted">(missing)</td>';
          return r.short ? `<td class="mono">${h(v.trim())}</td>` : `<td>${letter}</td>`;
        })
        .join('');
      const diffs = r.diffs
        .map((d) => {
          const lines = [...d.removed.map((l) => `<del>- ${h(cut(l, small))}</del>`), ...d.added.map((l) => `<ins>+ ${h(cut(l, small))}</ins>`)];
          const shown = small ? lines.slice(0, SMALL_LINES) : lines;
          const more = shown.length < lines.length ? `\n… ${lines.length - shown.length} more lines` : '';
          return `<details><summary>${h(names[d.from] ?? '')} → ${h(names[d.to] ?? '')}: ${d.removed.length} removed, ${d.added.length} added lines</summary><pre class="diff">${shown.join('\n')}${more}</pre></details>`;
        })
        .join('');
      return `<tr><td class="mono key">${h(r.key)}</td>${cells}</tr>${diffs ? `<tr class="diff-row"><td colspan="${builds.length + 1}">${diffs}</td></tr>` : ''}`;
    })
    .join('');
  const diff = rows.length
    ? `<table id="metadata-diff" class="meta-diff"><thead>${head}</thead><tbody>${body}</tbody></table>`
    : '<p id="metadata-diff" class="muted">All builds have the same metadata.</p>';
  const full = small
    ? ''
    : builds
        .map((b, i) => {
          const keys = Object.keys(b.metadata).sort();
          const items = keys.map((k) => `<tr><td class="mono key">${h(k)}</td><td><pre>${h(b.metadata[k] ?? '')}</pre></td></tr>`).join('');
          return `<details class="full-meta"><summary>Full metadata of ${h(names[i] ?? '')} (${keys.length} keys) · ${h(b.path)}</summary><table>${items}</table></details>`;
        })
        .join('');
  return `<section id="metadata"><h2>Metadata that differs between builds (${rows.length})</h2>${diff}${full}</section>`;
}
