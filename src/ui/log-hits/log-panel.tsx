/** The log panel (l): the selected LOG or NFLOG rule's last packets and rate, under the rule list. */
import { useEffect, useState } from 'react';
import { selectedLogLines } from '../../store/log-selectors.js';
import { logPanelLines } from '../format/log-lines.js';
import { PanelLines } from '../panel/panel-lines.js';
import { useAppState } from '../store-context.js';

export interface LogPanelProps {
  width: number;
  /** Rows it fills, its title included. */
  height: number;
}

/** How many rows the panel takes when open (0: closed). */
export const logPanelRows = (shown: boolean, rows: number): number => (shown ? Math.min(8, Math.floor(rows / 4)) : 0);

/** The clock for the rate, ticking every few seconds while the panel is open (the rate falls with no new hit). */
function useNow(periodMs: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(t);
  }, [periodMs]);
  return now;
}

export function LogPanel({ width, height }: LogPanelProps) {
  const now = useNow(5000);
  // One string: the selector's answer compares equal while nothing shown changed (no re-render per state change).
  const text = useAppState((s) =>
    s.logView && height > 0 ? logPanelLines(s.logView, selectedLogLines(s, now), height, width).join('\n') : null,
  );
  if (text === null) return null;
  return <PanelLines lines={text.split('\n')} width={width} height={height} isError={(l) => l.startsWith('!!')} />;
}
