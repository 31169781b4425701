import { Text } from 'ink';
import { useEffect, useState } from 'react';
import { countdown } from '../../domain/commit/pending-commit.js';
import { useActions, useAppState } from '../store-context.js';
import { useTheme } from '../theme/theme-context.js';

/** How often the countdown redraws and the view asks whether the guard has settled the commit. */
const TICK_MS = 500;

/**
 * "Applied. Keep these rules? Y keeps, R reverts now — 0:57": the status
 * line while a commit waits for confirmation. Turns red for the last 10 s.
 */
export function CountdownBar() {
  const { color } = useTheme();
  const pending = useAppState((s) => s.pending);
  const actions = useActions();
  const [now, setNow] = useState(() => Date.now());
  const id = pending?.id;
  useEffect(() => {
    if (!id) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      void actions.watchPending();
    }, TICK_MS);
    return () => clearInterval(timer);
  }, [id, actions]);
  if (!pending) return null;
  const left = countdown(pending.deadline, now);
  const text =
    pending.busy === 'keeping'
      ? 'Keeping these rules…'
      : pending.busy === 'reverting'
        ? 'Putting the old rules back…'
        : `${pending.reconnected ? 'A commit is pending' : 'Applied'}. ` +
          `Keep these rules? Y keeps, R reverts now — ${left}`;
  const urgent = pending.deadline - now < 10_000;
  return (
    <Text wrap="truncate" bold color={urgent ? color('status.error') : color('status.notice')}>
      {text}
    </Text>
  );
}
