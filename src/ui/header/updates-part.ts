/** The header's words for how another program's change reaches the view, and why live events stopped. */
import { useEffect, useState } from 'react';
import type { Updates } from '../../store/live-updates-slice.js';

/**
 * Whole seconds left until `at` (Date.now clock), ticking once a second while there is a time to count to; null
 * without one. Only a retry pending ticks: a steady header is not redrawn.
 */
export function useSecondsUntil(at: number | undefined): number | null {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (at === undefined) return undefined;
    let timeout: ReturnType<typeof setTimeout> | undefined;
    // Wakes when the whole number of seconds changes (a redraw re-lays-out the frame: not more often).
    const next = (): void => {
      const left = at - Date.now();
      if (left <= 0) return;
      timeout = setTimeout(
        () => {
          setTick((n) => n + 1);
          next();
        },
        (left % 1000 || 1000) + 5,
      );
    };
    next();
    return () => clearTimeout(timeout);
  }, [at]);
  return at === undefined ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** The early word: `live events` only while a monitor runs and the table was read since it started. */
export const updatesWord = (updates: Updates): string => (updates.mode === 'live' ? 'live events ' : 'polling ');

/**
 * The later words while a monitor that died is being restarted: " live events stopped: WHY; retrying in N s" (short:
 * without WHY, which the notice and L keep), or " live events restarting" while the table is read again; " live
 * events unavailable: WHY" when a monitor cannot serve this view; null when there is nothing to say (live, legacy).
 */
export function stoppedWords(updates: Updates, secondsLeft: number | null): { text: string; short: string } | null {
  if (updates.mode === 'live') return null;
  if (updates.restarting) return { text: ' live events restarting', short: ' live events restarting' };
  if (updates.unavailable)
    return { text: ` live events unavailable: ${updates.why}`, short: ' live events unavailable' };
  if (updates.retryAt === undefined || secondsLeft === null) return null;
  const retry = `retrying in ${secondsLeft} s`;
  return { text: ` live events stopped: ${updates.why}; ${retry}`, short: ` live events stopped; ${retry}` };
}
