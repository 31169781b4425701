/** What the view asks of the kernel's connection tracking (live firewall only): the table, and dropping one entry. */
import type { ConnEntry } from '../text/conntrack-entries.js';

/** The tracked connections as read, or why they could not be read (with what to install). */
export type ConnectionsRead =
  | {
      readonly ok: true;
      readonly entries: readonly ConnEntry[];
      /** Lines fwtui could not read as entries (never guessed at). */
      readonly unreadable: number;
      /** `conntrack -L` or, without conntrack installed, `/proc/net/nf_conntrack` (which cannot drop). */
      readonly via: 'conntrack' | 'proc';
      /** What the admin should know about the read (conntrack missing: dropping needs it), else null. */
      readonly note: string | null;
    }
  | { readonly ok: false; readonly why: string };

/** What `conntrack -D` did: how many entries it says it deleted (null: it did not run), and its words. */
export interface DropOutcome {
  readonly deleted: number | null;
  readonly words: string;
}

/** The namespace's connection tracking table. */
export interface ConnectionsPort {
  /** Every tracked connection of the namespace. Never throws: a failure is `ok: false` with why. */
  list(): Promise<ConnectionsRead>;
  /** Deletes exactly this connection's entry (`conntrack -D` with its whole original tuple). Never throws. */
  drop(entry: ConnEntry): Promise<DropOutcome>;
}
