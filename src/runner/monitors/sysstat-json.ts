// Reads sysstat's `-o JSON` documents (iostat, mpstat): `sysstat.hosts[0].statistics[]`, tolerating a truncated tail.

type Obj = Record<string, unknown>;

/**
 * The statistics entries of a sysstat JSON document. A document cut short (sysstat killed by SIGTERM instead of SIGINT)
 * is read up to its last complete entry.
 */
export function sysstatStatistics(raw: string): Obj[] {
  const start = raw.indexOf('{');
  if (start < 0) return [];
  const text = raw.slice(start);
  try {
    const doc = JSON.parse(text) as { sysstat?: { hosts?: { statistics?: Obj[] }[] } };
    return doc.sysstat?.hosts?.[0]?.statistics ?? [];
  } catch {
    // Truncated: close the statistics list after the last complete entry (entries are separated by "},\n\t\t\t\t{").
    const list = text.indexOf('"statistics"');
    if (list < 0) return [];
    const body = text.slice(text.indexOf('[', list) + 1);
    const out: Obj[] = [];
    let depth = 0;
    let from = -1;
    let inString = false;
    for (let i = 0; i < body.length; i++) {
      const c = body[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') {
        if (depth++ === 0) from = i;
      } else if (c === '}' && --depth === 0) out.push(JSON.parse(body.slice(from, i + 1)) as Obj);
      else if (c === ']' && depth === 0) break;
    }
    return out;
  }
}
