// JSON merge patch (RFC 7386, also used for strategic merge patches here) and a small JSON patch (RFC 6902) for the fake API server.
import type { KObject } from './store.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- patches are free-form JSON */

function merge(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out: any = target !== null && typeof target === 'object' && !Array.isArray(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = merge(out[k], v);
  }
  return out;
}

function jsonPatch(doc: any, ops: any[]): any {
  const out = structuredClone(doc);
  for (const op of ops) {
    const path = String(op.path).split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = path.pop();
    if (last === undefined) throw new Error(`invalid JSON patch path ${String(op.path)}`);
    let parent = out;
    for (const p of path) parent = parent?.[p];
    if (parent === undefined || parent === null) throw new Error(`JSON patch path ${String(op.path)} does not exist`);
    if (op.op === 'add' || op.op === 'replace') {
      if (Array.isArray(parent) && op.op === 'add') parent.splice(last === '-' ? parent.length : Number(last), 0, op.value);
      else parent[last] = op.value;
    } else if (op.op === 'remove') {
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete parent[last];
    } else throw new Error(`unsupported JSON patch op ${String(op.op)}`);
  }
  return out;
}

export function applyPatch(doc: KObject, patch: unknown, contentType: string): KObject {
  if (contentType.includes('json-patch')) {
    if (!Array.isArray(patch)) throw new Error('a JSON patch must be an array of operations');
    return jsonPatch(doc, patch);
  }
  return merge(doc, patch) as KObject;
}
