/** `--log FILE`: the command log and the messages of this run, appended to a file for audits. */
import type { CommandLog } from '../backend/command-log.js';
import { openLogFile } from '../persist/log-file.js';

/** Where the messages of this run go besides the screen. */
export interface Audit {
  message(kind: 'message' | 'notice' | 'error', text: string): void;
  close(): void;
}

/**
 * Opens the log and writes every command `commands` reports into it (those
 * already run first). Null without a path.
 * @throws LogFileError (persist/log-file.ts)
 */
export function startAudit(path: string | undefined, commands: CommandLog | undefined): Audit | null {
  if (path === undefined) return null;
  const file = openLogFile(path);
  const stop = commands?.subscribe((e) => {
    const failure = e.stderr ? ` ! ${e.stderr}` : '';
    const how = e.detached ? 'started-in-background' : `exit=${e.exitCode} ${e.durationMs}ms`;
    file.write('command', `${how} ${e.command}${failure}`, new Date(e.at));
  });
  return {
    message: (kind, text) => file.write(kind, text),
    close() {
      stop?.();
      file.close();
    },
  };
}
