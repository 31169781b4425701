/** What the view asks of the logs of LOG and NFLOG rules (live firewall only): a feed of the packets they report. */
import type { LogHit } from '../text/log-hit.js';

/** What to read. */
export interface LogFeedRequest {
  /** Read the kernel log (the view has LOG rules). */
  readonly kernelLog: boolean;
  /** NFLOG groups to read (the view's NFLOG rules' groups). */
  readonly nflogGroups: readonly number[];
}

/** Who hears the feed. */
export interface LogFeedListener {
  /** Hits as they are read (the kernel log's lines already in its buffer come first). */
  hits(hits: readonly LogHit[]): void;
  /** One reader ended by itself (`what`: "kernel log", "NFLOG group 5"): why, in words. */
  ended(what: string, why: string): void;
}

/** A running feed. */
export interface LogFeed {
  /** Why the kernel log is not read for this namespace's LOG rules (they write nothing there), else null. */
  readonly kernelLogSilent: string | null;
  /** What the admin must know about the lines shown (a log shared with other namespaces), in words. */
  readonly notes: readonly string[];
  /** Whether the kernel log is being read. */
  readonly kernelLog: boolean;
  /** The NFLOG groups being read. */
  readonly nflogGroups: readonly number[];
  /** Ends every reader; `ended` is not called for this. */
  stop(): void;
}

/** Reads the logs of LOG and NFLOG rules of the view's namespace. */
export interface LogPort {
  /** Starts the readers. Never throws for a reader that cannot start: it ends, and `ended` says why. */
  start(request: LogFeedRequest, listener: LogFeedListener): Promise<LogFeed>;
}
