// RUNPERF_METADATA is written in run-perf's order and format, with secrets masked, and reads back with the result reader.
import { describe, expect, it } from 'vitest';
import { parseMetadata } from '../../../src/result/metadata.js';
import { maskJson } from '../../../src/runner/mask.js';
import { formatMetadata, maskCommandLine, metadataJsonLine } from '../../../src/runner/metadata.js';

describe('RUNPERF_METADATA', () => {
  it('masks every --metadata value, JSON secrets and the setup script in runperf_cmd', () => {
    const line = maskCommandLine(
      'run-perf',
      ['--metadata', 'build=12', 'token=abc', '--host-setup-script', 'setup.sh', '--output', 'out', '--', 'fio:{"runtime":1,"auth":{"password":"pw"}}', 'command'],
      'echo hi\n',
    );
    expect(line).toBe('run-perf --metadata build=MASKED token=MASKED --host-setup-script sha1:a0a6c4 --output out -- fio:{"runtime":1,"auth":"MASKED"} command');
    expect(line).not.toContain('abc');
    expect(line).not.toContain('pw');
  });

  it('masks secret keys at any depth of JSON', () => {
    expect(maskJson({ a: [{ api_key: 'k', b: 1 }], Password: 'x' })).toEqual({ a: [{ api_key: 'MASKED', b: 1 }], Password: 'MASKED' });
  });

  it('writes user metadata, distro, version, command, machine and machine_url in order', () => {
    const text = formatMetadata({
      user: { build: '7', machine_url_base: 'http://lab/%(machine)s', db_password: 'hunter2' },
      distro: 'Debian 12',
      version: '0.1.0',
      prog: 'run-perf',
      argv: ['--metadata', 'build=7', '--', 'command'],
      machines: ['127.0.0.1', '127.0.0.2'],
    }) + metadataJsonLine('environment_world', [{ general: 'Name:a\nDistro:b' }]);
    expect(text.split('\n').map((l) => l.split(':')[0])).toEqual(['build', 'machine_url_base', 'db_password', 'distro', 'guest_distro', 'runperf_version', 'runperf_cmd', 'machine', 'machine_url', 'environment_world']);
    expect(text).not.toContain('hunter2');
    const { metadata } = parseMetadata(text, 'RUNPERF_METADATA');
    expect(metadata['build']).toBe('7\n');
    expect(metadata['guest_distro']).toBe('DISTRO\n');
    expect(metadata['machine']).toBe('127.0.0.1,127.0.0.2\n');
    expect(metadata['machine_url']).toBe('http://lab/127.0.0.1\n');
    expect(JSON.parse(metadata['environment_world'] ?? '')).toEqual([{ general: 'Name:a\nDistro:b' }]);
  });
});
