// A short, fast, non-cryptographic key of a string (a path) for the names of cache files.

/**
 * 64 bits of two multiplicative string hashes (FNV-1a's prime and MurmurHash3's finaliser on two lanes), as 16 hex
 * digits: a cache file's name for a path, without node:crypto (which loads ~30 modules). Not collision-proof, so a
 * name only spreads or groups files: the tree cache's entry names the path it holds, which a load checks, and the
 * code cache's name holds the bundle's build hash too.
 */
export function stringKey(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  const mix = (h: number): string => {
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return ((h ^ (h >>> 16)) >>> 0).toString(16).padStart(8, '0');
  };
  return mix(a) + mix(b ^ a);
}
