/** Questions on the terminal; no terminal (a script, CI) answers no. */
import { createInterface } from 'node:readline/promises';

/** Asks for a line; null when there is no terminal to ask on. */
export function createAskWord(input: NodeJS.ReadStream, output: NodeJS.WriteStream) {
  return async (question: string): Promise<string | null> => {
    if (!input.isTTY) return null;
    const rl = createInterface({ input, output });
    try {
      return (await rl.question(question)).trim();
    } finally {
      rl.close();
    }
  };
}

/** A yes/no question: "y" or "yes" is yes, anything else (or no terminal) is no. */
export function createAskYes(input: NodeJS.ReadStream, output: NodeJS.WriteStream) {
  const ask = createAskWord(input, output);
  return async (question: string): Promise<boolean> => /^y(es)?$/i.test((await ask(question)) ?? '');
}
