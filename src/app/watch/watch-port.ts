/**
 * The view's watch port (W): runs app/watch/watch-session.ts for the store, and makes sure the TRACE rule goes
 * when the view's process goes (an exit handler takes it out synchronously; after kill -9 the watch's cleaner
 * process does, see watch-cleaner.ts).
 */
import type { CommandRunner } from '../../backend/runner.js';
import type { Variant } from '../../backend/iptables.js';
import { PacketSpecError } from '../../domain/analysis/packet-spec.js';
import { parseWatchFilter } from '../../domain/analysis/watch-filter.js';
import type { WatchPort } from '../../domain/ports/watch-port.js';
import { startWatch, type WatchEnd } from './watch-session.js';

/** How long a watch from the view lasts at most, and how many packets it shows. */
const VIEW_LIMITS = { count: 1000, seconds: 600 };

/** A watch's end in words, saying whether its TRACE rule is gone. */
export function watchEndWords(end: WatchEnd): string {
  const n = `${end.packets} packet${end.packets === 1 ? '' : 's'}`;
  const why =
    end.reason === 'count'
      ? `${n}, the most it shows`
      : end.reason === 'seconds'
        ? `time is up, ${n}`
        : end.reason === 'stopped'
          ? `stopped, ${n}`
          : `the trace monitor ended (${end.why ?? '?'}), ${n}`;
  return end.leftover.length === 0
    ? `watch ended (${why}); its TRACE rule is removed`
    : `watch ended (${why}), but its TRACE rule could not be removed: ${end.leftover.join('; ')}`;
}

/** The port over the live firewall in `netns`. */
export function createWatchPort(
  runner: CommandRunner,
  netns: string | undefined,
  backend: Variant | undefined,
  cleanerCommand?: readonly string[],
): WatchPort {
  return {
    async start(words, family, listener) {
      let filter: ReturnType<typeof parseWatchFilter>;
      try {
        filter = parseWatchFilter(words, family);
      } catch (e) {
        if (e instanceof PacketSpecError) throw new Error(e.message);
        throw e;
      }
      const watch = await startWatch(runner, { netns, backend, filter, ...VIEW_LIMITS, cleanerCommand }, (r) =>
        listener.packet(r),
      );
      const last = (): void => watch.stopSync();
      process.once('exit', last);
      void watch.ended.then((end) => {
        process.off('exit', last);
        listener.ended(watchEndWords(end), end.leftover.length === 0);
      });
      return {
        stop: async () => {
          await watch.stop();
        },
      };
    },
  };
}
