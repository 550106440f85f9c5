// Packs the plugin, installs it into a temporary project, runs it through run-perf and checks the result tree.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));
const runPerf = process.env.RUN_PERF ? JSON.parse(process.env.RUN_PERF) : [process.execPath, join(here, '../../dist/bin/run-perf.js')];

test('installs from a tarball and runs both the profile and the test through run-perf', () => {
  const project = mkdtempSync(join(tmpdir(), 'perfgate-plugin-project-'));
  const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', project], { cwd: here, encoding: 'utf8' }).trim().split('\n').pop();
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'lab', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', join(project, tarball)], { cwd: project });
  writeFileSync(join(project, '.perfgaterc.json'), JSON.stringify({ plugins: ['perfgate-plugin-example'] }));

  const [cmd, ...args] = runPerf;
  const r = spawnSync(cmd, [...args, '--output', 'out', '--retry-tests', '1', '--profiles', 'Niced:{"level":5}', '--', 'dd-write:{"size-mib":[1,2],"samples":2,"dir":"."}'], { cwd: project, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const result = JSON.parse(readFileSync(join(project, 'out/Niced/dd-write/0000/result.json'), 'utf8'));
  assert.deepEqual(result.map((i) => i.iteration_name), ['write-1MiB', 'write-2MiB']);
  const all = result[0].iteration_data.throughput.MiB_sec[0];
  assert.equal(all.client_hostname, 'all');
  assert.equal(all.samples.length, 2);
  assert.ok(all.mean > 0);
  // the profile really wrapped the commands: the transcript shows them under nice
  const session = readFileSync(join(project, 'out/__sessions__/localhost'), 'utf8');
  assert.match(session, /# test dd-write@Niced\nnice -n 5 dd --version\nnice -n 5 dd if=\/dev\/zero/);
  assert.match(readFileSync(join(project, 'out/RUNPERF_METADATA'), 'utf8'), /^environment_profile_Niced:\{"nice":5\}$/m);
  assert.deepEqual(readdirSync(project).filter((f) => f.endsWith('.bin')), []);
});

test('an unknown test name lists the plugin\'s test among the available ones', () => {
  const project = mkdtempSync(join(tmpdir(), 'perfgate-plugin-project-'));
  writeFileSync(join(project, 'package.json'), '{"type":"module"}');
  writeFileSync(join(project, '.perfgaterc.json'), JSON.stringify({ plugins: [here] }));
  const [cmd, ...args] = runPerf;
  const r = spawnSync(cmd, [...args, '--dry-run', '--', 'dd-read'], { cwd: project, encoding: 'utf8' });
  assert.equal(r.status, 78);
  assert.match(r.stderr, /unknown test 'dd-read' \(available tests: .*dd-write/);
});
