/** A yes/no question on the terminal; no terminal (a script, CI) answers no. */
import { createInterface } from 'node:readline/promises';

export function createAskYes(input: NodeJS.ReadStream, output: NodeJS.WriteStream) {
  return async (question: string): Promise<boolean> => {
    if (!input.isTTY) return false;
    const rl = createInterface({ input, output });
    try {
      return /^\s*y(es)?\s*$/i.test(await rl.question(question));
    } finally {
      rl.close();
    }
  };
}
