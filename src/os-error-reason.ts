// Plain words for the errno codes the file system gives on a bad output path, for one-line user errors.

const REASON: Readonly<Record<string, string>> = {
  ENOTDIR: 'a part of the path is a file, not a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOENT: 'a part of the path does not exist',
  ENOSPC: 'no space left on the device',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EEXIST: 'a file of that name exists',
  ENOTEMPTY: 'the folder is not empty',
  EXDEV: 'the folder is on another file system',
  EBUSY: 'the folder is busy (a mount point?)',
};

/** The reason for an errno code (e.g. `ENOTDIR`), or a generic one for codes without a plain wording. */
export function osErrorReason(code: string): string {
  return REASON[code] ?? 'the system refused';
}
