// Kubernetes label and field selectors for the fake API server: `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`.

export type Labels = Readonly<Record<string, string>>;
export type Matcher = (labels: Labels) => boolean;

/** Split at commas that are not inside parentheses. */
function terms(selector: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter((t) => t !== '');
}

function term(t: string): Matcher {
  let m = /^(\S+?)\s+(in|notin)\s+\((.*)\)$/.exec(t);
  if (m) {
    const [, key, op, list] = m as unknown as [string, string, string, string];
    const values = new Set(list.split(',').map((v) => v.trim()));
    return op === 'in' ? (l) => l[key] !== undefined && values.has(l[key]) : (l) => l[key] === undefined || !values.has(l[key]);
  }
  m = /^([^=!\s]+)\s*(==|=|!=)\s*(.*)$/.exec(t);
  if (m) {
    const [, key, op, value] = m as unknown as [string, string, string, string];
    return op === '!=' ? (l) => l[key] !== value.trim() : (l) => l[key] === value.trim();
  }
  if (t.startsWith('!')) {
    const key = t.slice(1).trim();
    return (l) => l[key] === undefined;
  }
  if (/^[A-Za-z0-9_./-]+$/.test(t)) return (l) => l[t] !== undefined;
  throw new Error(`unable to parse requirement: ${t}`);
}

/** Parse a label selector; an empty or missing selector matches everything. Throws on syntax errors. */
export function parseSelector(selector: string | null | undefined): Matcher {
  if (!selector) return () => true;
  const ms = terms(selector).map(term);
  return (labels) => ms.every((m) => m(labels));
}

/** Flatten the fields a field selector may address (`metadata.name`, `involvedObject.name`, `status.phase`, ...). */
export function fieldsOf(obj: Record<string, unknown>, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, fieldsOf(v as Record<string, unknown>, `${prefix}${k}.`));
    else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[`${prefix}${k}`] = String(v);
  }
  return out;
}
