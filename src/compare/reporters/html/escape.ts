// Escaping for everything the HTML report embeds: text, attributes, JSON data blocks, inline scripts and styles.
import { visibleChar } from '../visible-char.js';

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escape a value for HTML text or a double- or single-quoted attribute. Control characters (but tab and newline),
 * invisible in a page, are shown as `\xNN`, as the console, the xUnit and the page's own script show them.
 */
export function escapeHtml(value: unknown): string {
  // eslint-disable-next-line no-control-regex
  return String(value).replace(/[&<>"'\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, (c) => HTML_ESCAPES[c] ?? visibleChar(c));
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` become `\u003c`, `\u003e`, `\u0026`
 * (so neither `</script` nor `<!--` can appear) and U+2028/U+2029 are escaped as well. JSON.parse in the
 * page reads it back unchanged.
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value);
  // a report's JSON is large and rarely holds any of these: five native scans are cheaper than one regex pass
  if (json.indexOf('<') < 0 && json.indexOf('>') < 0 && json.indexOf('&') < 0 && json.indexOf('\u2028') < 0 && json.indexOf('\u2029') < 0) return json;
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Library or template JavaScript made safe to inline in `<script>`: no `</script` or `<!--` sequence survives. */
export function inlineScript(js: string): string {
  return js.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** CSS made safe to inline in `<style>`. */
export function inlineStyle(css: string): string {
  return css.replace(/<\/(style)/gi, '<\\/$1');
}

/** An href only for http(s) links; anything else (javascript:, data:, relative) yields undefined. */
export function safeHref(value: string): string | undefined {
  const v = value.trim();
  // eslint-disable-next-line no-control-regex
  return /^https?:\/\/[^\s"'<>\u0000-\u001F\u007F-\u009F]+$/i.test(v) ? v : undefined;
}
