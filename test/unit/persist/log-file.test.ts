import { chmodSync, linkSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogFileError, openLogFile } from '../../../src/persist/log-file.js';

describe('--log FILE is opened safely', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fwtui-logfile-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the file 0600, appends, and escapes control characters', () => {
    const path = join(dir, 'a.log');
    const log = openLogFile(path);
    log.write('notice', 'one\x1b[2Jtwo\nthree', new Date(0));
    log.close();
    openLogFile(path).write('error', 'again', new Date(0));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe(
      '1970-01-01T00:00:00.000Z notice one\\x1b[2Jtwo | three\n1970-01-01T00:00:00.000Z error again\n',
    );
  });

  it('tightens a file others could read', () => {
    const path = join(dir, 'open.log');
    writeFileSync(path, '');
    chmodSync(path, 0o644);
    openLogFile(path).close();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses a symbolic link, a hard-linked file and a directory, writing nothing', () => {
    const target = join(dir, 'target');
    writeFileSync(target, '');
    symlinkSync(target, join(dir, 'link.log'));
    expect(() => openLogFile(join(dir, 'link.log'))).toThrow(
      new LogFileError(`cannot open the log ${join(dir, 'link.log')}: it is a symbolic link`),
    );
    linkSync(target, join(dir, 'hard.log'));
    expect(() => openLogFile(join(dir, 'hard.log'))).toThrow(/it has other names \(hard links\)/);
    expect(() => openLogFile(dir)).toThrow(LogFileError);
    expect(readFileSync(target, 'utf8')).toBe('');
  });
});
