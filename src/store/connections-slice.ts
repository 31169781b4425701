/**
 * The connections panel (`C`): the namespace's tracked connections that the selected rule's matches hold for
 * (the rest counted), read through the source's connections port, and dropping one (asks first).
 */
import { protectedSessionOf } from '../domain/analysis/own-session.js';
import { tupleText, type ConnEntry } from '../domain/text/conntrack-entries.js';
import type { ConnectionsRead } from '../domain/ports/connections-port.js';
import type { FirewallSource } from '../domain/ports/firewall-source.js';
import type { Family, TableName } from '../domain/model/ruleset.js';
import { panelRows } from './connection-selectors.js';
import { currentChain, selectedIndex, selectedRule } from './selectors.js';
import type { GetState, SetState } from './slice.js';

/** The rule the panel is about, as it was when the panel opened. */
export interface ConnectionsRule {
  readonly family: Family;
  readonly table: TableName;
  readonly chain: string;
  /** 1-based, as iptables numbers rules. */
  readonly number: number;
  readonly spec: string;
  readonly args: readonly string[];
}

export interface ConnectionsPanel {
  /** null: no rule was selected, so every connection is listed. */
  readonly rule: ConnectionsRule | null;
  /** The last read (null until the first one ends). */
  readonly read: ConnectionsRead | null;
  readonly reading: boolean;
  /** Cursor over the listed connections (certain first, then maybe). */
  readonly cursor: number;
}

export interface ConnectionsState {
  readonly connectionsPanel: ConnectionsPanel | null;
}

export interface ConnectionsActions {
  /** `C`: opens the panel on the selected rule (or on every connection) and reads the table. */
  openConnections(): Promise<void>;
  closeConnections(): void;
  /** Reads the table again (`r`, and after a drop). */
  refreshConnections(): Promise<void>;
  /** Moves the cursor by `delta` rows (±1e9: first/last). */
  moveInConnections(delta: number): void;
  /**
   * `x`: asks "Drop this connection?" for the one under the cursor; a yes drops it and reads again. The admin's
   * own SSH session (as the lockout check finds it) is refused.
   */
  askDropConnection(): Promise<void>;
}

declare module './app-state.js' {
  interface AppState extends ConnectionsState {}
}
declare module './slice.js' {
  interface AppActions extends ConnectionsActions {}
}

export const initialConnections = (): ConnectionsState => ({ connectionsPanel: null });

/** The connections panel's actions. */
export function createConnectionsActions(set: SetState, get: GetState, source: FirewallSource): ConnectionsActions {
  const patch = (p: Partial<ConnectionsPanel>): void =>
    set((s) => (s.connectionsPanel ? { connectionsPanel: { ...s.connectionsPanel, ...p } } : {}));
  const clampCursor = (): void => {
    const s = get();
    const count = panelRows(s).length;
    const p = s.connectionsPanel;
    if (p) patch({ cursor: Math.max(0, Math.min(p.cursor, count - 1)) });
  };

  async function drop(entry: ConnEntry): Promise<void> {
    const port = source.connections;
    if (!port) return;
    const what = `${entry.protocol} ${tupleText(entry.original)}`;
    const outcome = await port.drop(entry);
    if (outcome.deleted === null) set({ error: `${what} was not dropped: ${outcome.words}` });
    else if (outcome.deleted === 0) set({ notice: `conntrack: ${outcome.words} (${what} had ended already)` });
    else {
      // tcp: a mid-stream packet becomes NEW only with nf_conntrack_tcp_loose (else INVALID).
      const next =
        entry.protocol === 'tcp'
          ? 'the rules without it: NEW if conntrack picks the flow up mid-stream (nf_conntrack_tcp_loose), else INVALID'
          : 'the rules as a new one';
      set({ notice: `conntrack: ${outcome.words} (${what}); its next packet meets ${next}` });
    }
    await actions.refreshConnections();
  }

  const actions: ConnectionsActions = {
    async openConnections() {
      const s = get();
      const rule = selectedRule(s);
      const chain = currentChain(s);
      const about: ConnectionsRule | null =
        rule && chain
          ? {
              family: s.family,
              table: s.table,
              chain: chain.name,
              number: selectedIndex(s) + 1,
              spec: rule.spec,
              args: rule.args,
            }
          : null;
      set({
        connectionsPanel: { rule: about, read: null, reading: false, cursor: 0 },
        overlay: { kind: 'connections' },
      });
      await actions.refreshConnections();
    },

    closeConnections: () => set({ connectionsPanel: null, overlay: null }),

    async refreshConnections() {
      const port = source.connections;
      if (!port) {
        patch({ read: { ok: false, why: 'connections are read from the live firewall, not from a file' } });
        return;
      }
      patch({ reading: true });
      const read = await port.list();
      patch({ read, reading: false });
      clampCursor();
    },

    moveInConnections(delta) {
      const s = get();
      const p = s.connectionsPanel;
      if (!p) return;
      const count = panelRows(s).length;
      patch({ cursor: Math.max(0, Math.min(p.cursor + delta, count - 1)) });
    },

    async askDropConnection() {
      const s = get();
      const row = panelRows(s)[s.connectionsPanel?.cursor ?? 0];
      if (!row) return;
      const read = s.connectionsPanel?.read;
      // Read from /proc: the note says which package dropping needs.
      if (read?.ok && read.via === 'proc') return set({ error: `cannot drop: ${read.note ?? 'conntrack is missing'}` });
      const { entry } = row;
      const protect = source.protect ? await source.protect().catch(() => null) : null;
      if (protect && protectedSessionOf(entry, protect)) {
        const what = `${entry.protocol} ${tupleText(entry.original)}`;
        return set({
          error: `cannot drop ${what}: your SSH session (without its entry its next packets may be dropped: a hang)`,
        });
      }
      const state = entry.state ? ` ${entry.state}` : '';
      get().actions.ask(
        `Drop this connection? ${entry.protocol}${state} ${tupleText(entry.original)}`,
        'dropConnection',
        async () => {
          set({ overlay: { kind: 'connections' } });
          await drop(entry);
        },
      );
    },
  };
  return actions;
}
