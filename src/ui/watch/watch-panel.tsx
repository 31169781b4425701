/** The watch panel (W): the last real packets and the way each took, under the rule list. */
import { PanelLines } from '../panel/panel-lines.js';
import { useAppState } from '../store-context.js';
import { watchPanelLines } from './watch-lines.js';

export interface WatchPanelProps {
  width: number;
  /** Rows it fills, its title included. */
  height: number;
}

/** How many rows the panel takes when a watch is on screen (0: none). */
export const watchPanelRows = (shown: boolean, rows: number): number => (shown ? Math.min(8, Math.floor(rows / 4)) : 0);

export function WatchPanel({ width, height }: WatchPanelProps) {
  const watch = useAppState((s) => s.watch);
  if (!watch || height <= 0) return null;
  const lines = watchPanelLines(watch, height);
  return <PanelLines lines={lines} width={width} height={height} isError={(l) => l.startsWith('   !!')} />;
}
