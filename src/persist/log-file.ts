/**
 * `--log FILE`: an append-only audit log of every command fwtui ran and every
 * message it showed. Opened without following a symbolic link, created 0600,
 * and only as a regular file with one name: fwtui runs as root, and a log path
 * in a shared directory must not let anyone redirect its writes.
 */
import { closeSync, constants, fchmodSync, fstatSync, openSync, writeSync } from 'node:fs';

/** The log file could not be opened safely: nothing was written. */
export class LogFileError extends Error {}

export interface LogFile {
  /** Appends one line (control characters escaped, so a message cannot drive a terminal reading the log). */
  write(kind: string, text: string, at?: Date): void;
  close(): void;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the control bytes are what this escapes
const CONTROL_BYTES = /[\x00-\x1f\x7f-\x9f]/g;
const escapeControls = (text: string): string =>
  text
    .trim()
    .replace(CONTROL_BYTES, (c) => (c === '\n' ? ' | ' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));

/** @throws LogFileError when `path` is a symbolic link, not a regular file, or has other names (hard links) */
export function openLogFile(path: string): LogFile {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW, 0o600);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ELOOP' ? 'it is a symbolic link' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    throw new LogFileError(`cannot open the log ${path}: ${why}`);
  }
  const st = fstatSync(fd);
  const problem = !st.isFile() ? 'not a regular file' : st.nlink > 1 ? 'it has other names (hard links)' : null;
  if (problem) {
    closeSync(fd);
    throw new LogFileError(`cannot use the log ${path}: ${problem}`);
  }
  // A file someone made readable to others before: the log quotes the firewall, keep it to its owner.
  if ((st.mode & 0o077) !== 0) fchmodSync(fd, 0o600);
  return {
    write(kind, text, at = new Date()) {
      writeSync(fd, `${at.toISOString()} ${kind} ${escapeControls(text)}\n`);
    },
    close: () => closeSync(fd),
  };
}
