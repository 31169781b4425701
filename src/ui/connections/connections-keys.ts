/** The connections panel's keys (`C`): move, read again, drop the connection under the cursor (asks), back. */
import type { AppState } from '../../store/app-state.js';
import { panelRows } from '../../store/connection-selectors.js';
import type { ModeKeys } from '../keys/key-binding.js';

const noRow = (s: AppState): string | null => (panelRows(s).length > 0 ? null : 'no connection listed');

/** C on a rule: the connections its matches hold for. */
export const CONNECTIONS_KEYS: ModeKeys = {
  title: 'Connections (C)',
  beforeKey: (c) => {
    if (c.s.notice) c.a.dismissNotice();
  },
  bindings: [
    {
      command: 'close',
      keys: [{ key: 'escape' }, { input: 'q' }, { input: 'C' }],
      description: 'back to the rules',
      handler: (c) => c.a.closeConnections(),
    },
    {
      command: 'down',
      keys: [{ input: 'j' }, { key: 'downArrow' }],
      description: 'next',
      handler: (c) => c.a.moveInConnections(1),
    },
    {
      command: 'up',
      keys: [{ input: 'k' }, { key: 'upArrow' }],
      description: 'previous',
      handler: (c) => c.a.moveInConnections(-1),
    },
    {
      command: 'pageDown',
      keys: [{ key: 'pageDown' }, { input: ' ' }],
      description: 'one page down',
      handler: (c) => c.a.moveInConnections(c.page),
    },
    {
      command: 'pageUp',
      keys: [{ key: 'pageUp' }],
      description: 'one page up',
      handler: (c) => c.a.moveInConnections(-c.page),
    },
    {
      command: 'top',
      keys: [{ key: 'home' }, { input: 'g' }],
      description: 'first',
      handler: (c) => c.a.moveInConnections(-1e9),
    },
    {
      command: 'bottom',
      keys: [{ key: 'end' }, { input: 'G' }],
      description: 'last',
      handler: (c) => c.a.moveInConnections(1e9),
    },
    {
      command: 'refresh',
      keys: [{ input: 'r' }],
      description: 'read the connections again',
      handler: (c) => void c.a.refreshConnections(),
    },
    {
      command: 'drop',
      keys: [{ input: 'x' }],
      description: 'drop the connection (conntrack -D, asks first)',
      disabledReason: noRow,
      handler: (c) => c.a.askDropConnection(),
    },
  ],
};
