/**
 * What this copy of fwtui is: the bundle run by an installed Node (npm, a clone) or a standalone
 * executable that carries its own runtime (`npm run release`). The build script defines the two
 * constants; a test run from the sources (vitest) sees neither.
 */
declare const __FWTUI_STANDALONE__: boolean | undefined;
declare const __FWTUI_BUILD__: string | undefined;

/** True in the standalone executable: process.execPath is fwtui itself, not a runtime. */
export const STANDALONE = typeof __FWTUI_STANDALONE__ === 'boolean' ? __FWTUI_STANDALONE__ : false;

/** When and from which commit this copy was built ("source" when run unbuilt). */
export const BUILD_ID = typeof __FWTUI_BUILD__ === 'string' ? __FWTUI_BUILD__ : 'source';

/** The runtime running fwtui now, e.g. "node 26.12.1" or "bun 1.4.5". */
export function runtimeName(versions: Record<string, string | undefined> = process.versions): string {
  return versions.bun !== undefined ? `bun ${versions.bun}` : `node ${versions.node ?? '?'}`;
}

/**
 * The argv that starts this fwtui again (the guard): the executable alone, or the runtime and the bundle.
 * @param script the bundle's path (unused by the standalone executable, whose runtime is itself)
 */
export function selfCommand(execPath: string, script: string, standalone = STANDALONE): string[] {
  return standalone ? [execPath] : [execPath, script];
}

/** The lines `fwtui --version` prints after its first. */
export function versionDetails(arch: string = `${process.platform}-${process.arch}`): string {
  const builtIn = STANDALONE ? ' (built in: standalone executable)' : '';
  return `runtime: ${runtimeName()}${builtIn}, ${arch}\nbuild: ${BUILD_ID}\n`;
}
