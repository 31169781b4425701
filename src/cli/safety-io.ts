/** What the safety net's commands (apply, confirm, revert, status) print to and ask on. */
import type { KeepAnswer } from '../app/safety/keep-answer.js';
import type { CommandScope } from '../domain/hints/command-hint.js';

export interface SafetyIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /**
   * Asks "Keep these rules? (y/N)" with a countdown to `deadline`; `decided` says when
   * the commit was settled elsewhere (the guard, another shell); `what` is what is kept ("changes" when
   * IP sets changed too: they are not rules).
   */
  askKeep(deadline: number, decided: () => boolean, what?: 'rules' | 'changes'): Promise<KeepAnswer>;
  stdin: () => Promise<string>;
  /** Asks for a typed word on the terminal; null when there is none. */
  askWord?: (question: string) => Promise<string | null>;
  /** The invocation's --netns, --backend and --root: every printed hint carries them. */
  scope?: CommandScope;
}
