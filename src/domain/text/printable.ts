/**
 * Text from files, iptables or users, made safe to print on an admin's
 * terminal: control characters (C0, DEL, C1) become `\xNN`, so a ruleset
 * cannot move the cursor, retitle the window or clear the screen through an
 * error message. Everything else, UTF-8 letters included, is kept.
 */

/** Options of {@link printable}. */
export interface PrintableOptions {
  /** Keep line feeds (multi-line messages). @default true */
  readonly newlines?: boolean;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: the control bytes are what this strips
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: the control bytes are what this strips
const CONTROL_OR_LF = /[\u0000-\u001f\u007f-\u009f]/g;

const hex = (c: string): string => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** `text` with every control character but (by default) the line feed written as `\xNN`. */
export function printable(text: string, options: PrintableOptions = {}): string {
  return text.replace(options.newlines === false ? CONTROL_OR_LF : CONTROL, hex);
}
