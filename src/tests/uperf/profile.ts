// Generates uperf profile XML for pbench-uperf's test types (stream, maerts, bidirec, rr), one per iteration.
import type { UperfProtocol, UperfTestType } from './params.js';

export interface ProfileSpec {
  /** Profile name, shown by uperf as `running profile:<name>`. */
  name: string;
  testType: UperfTestType;
  protocol: UperfProtocol;
  messageSize: number;
  instances: number;
  runtime: number;
  /** Address of the host running `uperf -s`. */
  remoteHost: string;
}

/** Escape text for an XML attribute value. */
export function escapeXmlAttr(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function group(s: ProfileSpec, body: string[]): string[] {
  const connect = `remotehost=${s.remoteHost} protocol=${s.protocol}`;
  return [
    `  <group nthreads="${s.instances}">`,
    '    <transaction iterations="1">',
    `      <flowop type="connect" options="${escapeXmlAttr(connect)}"/>`,
    '    </transaction>',
    `    <transaction duration="${s.runtime}s">`,
    ...body.map((l) => `      ${l}`),
    '    </transaction>',
    '    <transaction iterations="1">',
    '      <flowop type="disconnect"/>',
    '    </transaction>',
    '  </group>',
  ];
}

/**
 * The profile XML. Transaction 2 (`Txn2`) is the measured one, as pbench-uperf's post-processing expects:
 * stream writes `count=16` messages per op, maerts reads them, bidirec runs a writer and a reader group,
 * rr writes a request and reads a response of the same size.
 */
export function uperfProfileXml(s: ProfileSpec): string {
  const size = `size=${s.messageSize}`;
  const write = `<flowop type="write" options="count=16 ${size}"/>`;
  const read = `<flowop type="read" options="count=16 ${size}"/>`;
  const groups =
    s.testType === 'stream'
      ? group(s, [write])
      : s.testType === 'maerts'
        ? group(s, [read])
        : s.testType === 'bidirec'
          ? [...group(s, [write]), ...group(s, [read])]
          : group(s, [`<flowop type="write" options="${size}"/>`, `<flowop type="read" options="${size}"/>`]);
  return ['<?xml version="1.0"?>', `<profile name="${escapeXmlAttr(s.name)}">`, ...groups, '</profile>', ''].join('\n');
}
