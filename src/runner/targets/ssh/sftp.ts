// SFTP file copies over a host's connection (one SFTP session per connection, reopened after a reconnect).
import { stat } from 'node:fs/promises';
import { dirname, posix } from 'node:path';
import type ssh2 from 'ssh2';
import type { SFTPWrapper } from 'ssh2';
import { EnvironmentError } from '../../../errors.js';
import type { SshConnection } from './connection.js';
import { makeDirs } from '../../../make-dirs.js';

const sessions = new WeakMap<ssh2.Client, Promise<SFTPWrapper>>();

async function sftpFor(conn: SshConnection): Promise<SFTPWrapper> {
  const client = await conn.ready();
  let s = sessions.get(client);
  if (!s) {
    s = new Promise<SFTPWrapper>((resolve, reject) => client.sftp((err, sftp) => (err ? reject(err) : resolve(sftp))));
    sessions.set(client, s);
    s.catch(() => sessions.delete(client));
  }
  return s;
}

const call = <T>(fn: (cb: (err: Error | null | undefined, v?: T) => void) => void) =>
  new Promise<T>((resolve, reject) => fn((err, v) => (err ? reject(err) : resolve(v as T))));

/** `mkdir -p` over SFTP (existing folders are fine). */
async function mkdirs(sftp: SFTPWrapper, dir: string): Promise<void> {
  if (dir === '' || dir === '.' || dir === '/') return;
  try {
    const st = await call<{ isDirectory(): boolean }>((cb) => sftp.stat(dir, cb));
    if (st.isDirectory()) return;
  } catch {
    // missing: create it below
  }
  await mkdirs(sftp, posix.dirname(dir));
  await call<void>((cb) => sftp.mkdir(dir, cb)).catch(async (e: unknown) => {
    const st = await call<{ isDirectory(): boolean }>((cb) => sftp.stat(dir, cb)).catch(() => undefined);
    if (!st?.isDirectory()) throw e;
  });
}

function copyFailed(conn: SshConnection, what: string, e: unknown): EnvironmentError {
  if (e instanceof EnvironmentError) return e;
  return new EnvironmentError(`SFTP ${what} on host ${conn.endpoint.name} failed: ${(e as Error).message}`, {
    code: 'PERFGATE_SSH_COPY_FAILED',
    hint: 'check the path and permissions on that host (and that sshd has the sftp subsystem)',
    cause: e,
  });
}

/** Upload a local file (keeping its mode), creating the remote folder. */
export async function upload(conn: SshConnection, localPath: string, remotePath: string): Promise<void> {
  try {
    const sftp = await sftpFor(conn);
    const { mode } = await stat(localPath);
    await mkdirs(sftp, posix.dirname(remotePath));
    await call<void>((cb) => sftp.fastPut(localPath, remotePath, { mode: mode & 0o7777 }, cb));
  } catch (e) {
    throw copyFailed(conn, `upload ${localPath} -> ${remotePath}`, e);
  }
}

/** Download a remote file, creating the local folder. */
export async function download(conn: SshConnection, remotePath: string, localPath: string): Promise<void> {
  try {
    const sftp = await sftpFor(conn);
    await makeDirs(dirname(localPath));
    await call<void>((cb) => sftp.fastGet(remotePath, localPath, cb));
  } catch (e) {
    throw copyFailed(conn, `download ${remotePath} -> ${localPath}`, e);
  }
}
