/** Messages between the thread that handles keys and the worker that parses iptables-save text. */
import type { Family } from '../../domain/model/ruleset.js';
import type { RulesetDelta } from '../../domain/diff/read-delta.js';

/**
 * To the worker: a read begins (`key`: which command; its delta is against that command's read before; null: a
 * one-off read, sent whole and not remembered).
 */
export type ToWorker =
  | {
      readonly kind: 'begin';
      readonly id: number;
      readonly key: string | null;
      /** Another key whose read may serve as the base when newer (a family's full read for its tables' reads). */
      readonly also: string | null;
      readonly family: Family;
      /**
       * This thread parses the read itself (nothing to build on yet: the first screen must not wait for the
       * worker to start): the worker only remembers it, as a base, and says `kept`.
       */
      readonly quiet: boolean;
    }
  | { readonly kind: 'piece'; readonly id: number; readonly piece: string }
  | { readonly kind: 'end'; readonly id: number }
  /** The read failed: forget it (the read before stays the base). */
  | { readonly kind: 'abort'; readonly id: number }
  /** Start afresh: forget every read, the next ones are sent whole. */
  | { readonly kind: 'forget' };

/** From the worker: one read's outcome; `base` is the id of the read the delta is against (null: none). */
export type FromWorker =
  | { readonly kind: 'read'; readonly id: number; readonly base: number | null; readonly delta: RulesetDelta }
  | { readonly kind: 'failed'; readonly id: number; readonly line: number; readonly reason: string }
  | { readonly kind: 'kept'; readonly id: number };
