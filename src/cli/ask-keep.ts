/**
 * "Keep these rules? (y/N) 0:57" for `fwtui apply` ("these changes" when sets change), like iptables-apply: one
 * key on a terminal (a countdown redrawn in place), a line from a pipe. No
 * answer, end of input or any other key means no.
 */
import { countdown } from '../domain/commit/pending-commit.js';
import type { KeepAnswer } from '../app/safety/keep-answer.js';

export function createAskKeep(input: NodeJS.ReadStream, out: NodeJS.WriteStream) {
  return (deadline: number, decided: () => boolean, what: 'rules' | 'changes' = 'rules'): Promise<KeepAnswer> =>
    new Promise((resolve) => {
      const tty = Boolean(input.isTTY && out.isTTY);
      const prompt = (): string => `Keep these ${what}? (y/N) ${countdown(deadline, Date.now())} `;
      let done = false;
      const finish = (answer: KeepAnswer): void => {
        if (done) return;
        done = true;
        clearInterval(timer);
        input.off('data', onData);
        input.off('end', onEnd);
        input.off('error', onEnd);
        if (tty) input.setRawMode(false);
        input.pause();
        out.write('\n');
        resolve(answer);
      };
      const onData = (chunk: Buffer | string): void => {
        const text = String(chunk);
        if (!tty && text.trim() === '' && !text.includes('\n')) return;
        finish(/^\s*y/i.test(text) ? 'yes' : 'no');
      };
      const onEnd = (): void => finish('no');
      const timer = setInterval(() => {
        if (decided()) finish('decided-elsewhere');
        else if (Date.now() >= deadline) finish('timeout');
        else if (tty) out.write(`\r\x1b[K${prompt()}`);
      }, 200);
      out.write(tty ? prompt() : `${prompt()}\n`);
      if (tty) input.setRawMode(true);
      input.on('data', onData);
      input.on('end', onEnd);
      input.on('error', onEnd);
      input.resume();
    });
}
