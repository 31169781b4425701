/** The reader the view uses: a parsing worker from the code the bundle carries, else the inline fallback. */
import { inlineReader, workerReader, type SaveReader } from './save-reader.js';

/** The bundled parse-worker-main.ts (scripts/bundle.mjs), absent when running from source (tests). */
declare const __FWTUI_PARSE_WORKER__: string | undefined;

/** FWTUI_PARSE_WORKER=0 parses on the thread that handles keys (a before/after measure, or a worker problem). */
export function viewReader(env: Readonly<Record<string, string | undefined>> = process.env): SaveReader {
  const code = typeof __FWTUI_PARSE_WORKER__ === 'string' ? __FWTUI_PARSE_WORKER__ : null;
  return code === null || env.FWTUI_PARSE_WORKER === '0' ? inlineReader() : workerReader(code);
}
