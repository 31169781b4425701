/**
 * The view's way to watch real packets (W): the store asks the port, the app runs the watch (app/watch/) and hands
 * each packet over. Types only.
 */
import type { Family } from '../model/ruleset.js';
import type { WatchReport } from '../text/watch-lines.js';

/** Who hears a watch. */
export interface WatchListener {
  /** One real packet with its path, fate and the prediction beside it. */
  packet(report: WatchReport): void;
  /** The watch ended (count, time, stopped, the monitor died): in words, saying whether its TRACE rule is gone. */
  ended(summary: string, rulesRemoved: boolean): void;
}

/** A running watch. */
export interface WatchSession {
  /** Ends it; resolves once its TRACE rule is out (or it is said that it could not be). */
  stop(): Promise<void>;
}

/** Starts watches on the live firewall. */
export interface WatchPort {
  /**
   * Starts a watch of the packets `words` describe (the filter words of `fwtui watch`).
   * @throws Error with a message for the admin (a bad filter, legacy iptables, the rule could not go in)
   */
  start(words: readonly string[], family: Family, listener: WatchListener): Promise<WatchSession>;
}
