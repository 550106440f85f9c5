// RUNPERF_METADATA parsing: run-perf's rules, and keys that are special to JavaScript objects kept as plain keys.
import { describe, expect, it } from 'vitest';
import { metadataValue, parseMetadata } from '../../../src/result/metadata.js';

describe('parseMetadata', () => {
  it('splits at the first colon, keeps the trailing newline, skips # lines and warns about lines without a colon', () => {
    const { metadata, warnings } = parseMetadata('build:1\n# comment\nurl:http://x:8080/\nnonsense\nbuild:2\n', 'RUNPERF_METADATA');
    expect(metadata).toEqual({ build: '2\n', url: 'http://x:8080/\n' });
    expect(warnings).toEqual([{ file: 'RUNPERF_METADATA', message: "line 4 has no ':' and was ignored" }]);
    expect(metadataValue(metadata, 'build')).toBe('2');
    expect(metadataValue(metadata, 'missing')).toBe('Unknown');
  });

  it('keeps __proto__ and constructor as ordinary keys (assigning __proto__ would drop it and change the prototype)', () => {
    const { metadata } = parseMetadata('__proto__:evil\nconstructor:c\n', 'RUNPERF_METADATA');
    expect(Object.keys(metadata)).toEqual(['__proto__', 'constructor']);
    expect(metadataValue(metadata, '__proto__')).toBe('evil');
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
    // and it survives the tree cache's JSON round trip
    expect(Object.keys(JSON.parse(JSON.stringify(metadata)) as object)).toEqual(['__proto__', 'constructor']);
  });
});
