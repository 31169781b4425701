/** `fwtui` without a command: builds the source and store, then runs the interactive view. */
import { findProtect } from '../app/admin-sessions.js';
import { startDemoLab, type DemoLab } from '../backend/demo/demo-lab.js';
import { createIptables } from '../backend/iptables.js';
import { viewReader } from '../backend/parse-worker/default-reader.js';
import type { SaveReader } from '../backend/parse-worker/save-reader.js';
import { CommandNotFoundError, IptablesMissingError } from '../backend/errors.js';
import { listInterfaces } from '../backend/interfaces.js';
import { listAddresses } from '../backend/local-addresses.js';
import { readSetsFor } from '../backend/ipset.js';
import { readRouting } from '../backend/routing-facts.js';
import type { CommandRunner } from '../backend/runner.js';
import { parseSave } from '../domain/text/parse-save.js';
import { DEMO_RULES_V4 } from '../backend/demo/demo-ruleset.js';
import { createAppStore } from '../store/create-app-store.js';
import type { FirewallSource } from '../domain/ports/firewall-source.js';
import { THEME_NAMES, chooseTheme } from '../ui/theme/choose-theme.js';
import { localeIsUtf8 } from '../ui/terminal/charset.js';
import { UsageError, type CliOptions } from './args.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { connectionsPort } from '../backend/conntrack.js';
import { fileSource, liveSource } from '../app/sources/firewall-sources.js';
import { loadFromFile, readStdin } from '../app/sources/load-ruleset.js';
import { rulesetEvents } from '../app/sources/ruleset-events.js';
import { createEventLedger } from '../app/sources/event-ledger.js';
import { createWatchPort } from '../app/watch/watch-port.js';
import { createLogPort } from '../app/logs/log-port.js';
import { safetyDeps } from '../app/safety/safety-deps.js';
import { viewExposure } from '../app/exposure/view-exposure.js';
import { bootPort } from '../app/boot/boot-port.js';
import { clockTime } from '../domain/commit/pending-commit.js';
import { fwtuiCommand } from '../domain/hints/command-hint.js';
import type { TuiLog } from './main.js';

export interface TuiIo {
  stderr: (text: string) => void;
  isTerminal: boolean;
  isRoot: boolean;
  /** argv that starts this fwtui: the safety net launches its guard with it. */
  guardCommand: readonly string[];
  /** The commands run (for the message history) and the --log file. */
  log?: TuiLog;
}

/** The runner's commands into the view's history; the view's notices and errors into the --log file. */
function feedHistory(store: ReturnType<typeof createAppStore>, log: TuiLog | undefined): () => void {
  const stop = log?.commands?.subscribe((e) => store.getState().actions.logCommand(e));
  const audit = log?.audit;
  // Each notice and error as it appears (the history itself stops growing at its limit; the file does not).
  const unsubscribe = audit
    ? store.subscribe((s, prev) => {
        if (s.notice && s.notice !== prev.notice) audit.message('notice', s.notice);
        if (s.error && s.error !== prev.error) audit.message('error', s.error);
      })
    : undefined;
  return () => {
    stop?.();
    unsubscribe?.();
  };
}

/**
 * The live demo could not start because a program is missing (iptables,
 * ip): its words, so the demo opens offline and says what to install. Any
 * other failure is thrown on.
 */
function missingTool(e: unknown): string {
  if (e instanceof IptablesMissingError || e instanceof CommandNotFoundError) return e.message;
  throw e;
}

/** The live source with the namespace's connection tracking (`C` in the view). */
const withConnections = (runner: CommandRunner, netns: string | undefined, source: FirewallSource): FirewallSource => ({
  ...source,
  connections: connectionsPort(runner, netns),
});

/** SIGTERM and SIGHUP from fwtui's start on: before the view, it is never drawn; in it, the view ends (run-tui). */
function listenForEnd(): { signal: AbortSignal; stop: () => void } {
  const ending = new AbortController();
  const end = (): void => ending.abort();
  process.on('SIGTERM', end);
  process.on('SIGHUP', end);
  return {
    signal: ending.signal,
    stop: () => {
      process.off('SIGTERM', end);
      process.off('SIGHUP', end);
    },
  };
}

export async function startTui(opts: CliOptions, runner: CommandRunner, io: TuiIo): Promise<ExitCode> {
  const ending = listenForEnd();
  try {
    return await startView(opts, runner, io, ending.signal);
  } finally {
    ending.stop();
  }
}

async function startView(opts: CliOptions, runner: CommandRunner, io: TuiIo, ending: AbortSignal): Promise<ExitCode> {
  const theme = chooseTheme(opts.theme, process.env);
  if (!theme) {
    throw new UsageError(`unknown theme "${opts.theme}" (${THEME_NAMES.join(', ')})`);
  }
  if (!io.isTerminal) {
    const hint = (command: string): string => fwtuiCommand({ netns: opts.netns, backend: opts.backend }, command);
    throw new UsageError(
      `the interactive view needs a terminal; in scripts use \`${hint('list')}\` or \`${hint('export')}\``,
    );
  }
  let source: FirewallSource;
  let lab: DemoLab | null = null;
  let notice: string | null = null;
  let missing: string | null = null;
  /** Parses the live firewall's reads (in a worker thread when it can); closed when the view ends. */
  let reader: SaveReader | null = null;
  if (opts.demo && io.isRoot) {
    try {
      lab = await startDemoLab(runner);
    } catch (e) {
      missing = missingTool(e);
    }
  }
  if (lab !== null) {
    const live: DemoLab = lab;
    process.once('exit', live.stopSync);
    reader = viewReader();
    const iptables = createIptables({ runner, netns: live.netns, reader });
    source = liveSource(
      iptables,
      undefined,
      undefined,
      () => findProtect({ runner, netns: live.netns }),
      () => listInterfaces(runner, live.netns),
      () => readSetsFor(runner, live.netns),
      () => listAddresses(runner, live.netns),
      rulesetEvents(iptables, runner),
      (family) => readRouting(runner, family, live.netns),
      viewExposure({ netns: live.netns, backend: undefined }, runner),
    );
    source = withConnections(runner, live.netns, source);
    notice = `demo: throwaway namespace ${live.netns} with traffic from its neighbour; removed when you quit`;
  } else if (opts.demo) {
    source = fileSource('bundled sample', parseSave(DEMO_RULES_V4));
    notice = missing
      ? `demo offline, a bundled sample: the live demo needs what is missing here: ${missing}`
      : 'demo without root: a bundled sample, offline (sudo npm start shows live counters in a throwaway namespace)';
  } else if (opts.file !== undefined) {
    if (opts.file === '-') {
      throw new UsageError(
        'the interactive view reads keys from stdin, so it cannot read the ruleset there; give a file',
      );
    }
    const loaded = await loadFromFile(opts.file, opts.family ?? 'ipv4', readStdin);
    // Rules typed for a file are still checked by this machine's iptables-restore --test (nothing is written).
    source = fileSource(
      opts.file,
      loaded.ruleset,
      createIptables({ runner, netns: opts.netns, variant: opts.backend }),
    );
  } else {
    const deps = safetyDeps({ netns: opts.netns, backend: opts.backend }, runner, io.guardCommand);
    reader = viewReader();
    const iptables = createIptables({ runner, netns: opts.netns, variant: opts.backend, reader });
    // The monitor's generations, for commits that check themselves by the events instead of whole-table reads.
    const ledger = createEventLedger((pid) => runner.startedPid?.(pid) ?? false);
    source = liveSource(
      iptables,
      { deps, timeoutSec: opts.confirmTimeout },
      bootPort(opts, iptables, runner),
      () => findProtect({ runner, netns: opts.netns }),
      () => listInterfaces(runner, opts.netns),
      () => readSetsFor(runner, opts.netns),
      () => listAddresses(runner, opts.netns),
      rulesetEvents(iptables, runner, ledger),
      (family) => readRouting(runner, family, opts.netns),
      viewExposure({ netns: opts.netns, backend: opts.backend }, runner),
      ledger,
    );
    source = withConnections(runner, opts.netns, source);
    source = {
      ...source,
      watch: createWatchPort(runner, opts.netns, opts.backend, io.guardCommand),
      logs: createLogPort(runner, opts.netns),
    };
  }
  const store = createAppStore({ source });
  const stopFeed = feedHistory(store, io.log);
  if (opts.family) store.setState({ family: opts.family });
  // iptables-save runs while the rest starts (the pending check, the view and Ink load): a first screen sooner.
  store.getState().actions.readEarly();
  // Before the first frame: a commit left pending by a dropped connection is offered for confirmation, an orphaned one
  // reverted (then the rules are read again).
  await store.getState().actions.checkPendingAtStart();
  if (notice) store.setState({ notice });
  try {
    // The view (React, Ink, its layout engine) loads only now, while the first read runs.
    const { runTui } = await import('../ui/run-tui.js');
    if (!ending.aborted)
      await runTui({
        ending,
        store,
        theme,
        intervalMs: Math.round(opts.interval * 1000),
        utf8: localeIsUtf8(process.env),
        plainOutput: process.env.FWTUI_PLAIN_OUTPUT === '1',
      });
  } finally {
    // q, Ctrl-C: a running watch's TRACE rule goes before fwtui does.
    await store.getState().actions.stopWatch();
    store.getState().actions.stopLogs();
    await lab?.stop();
    stopFeed();
    reader?.close();
  }
  const left = store.getState().pending;
  if (left)
    io.stderr(
      `fwtui: commit ${left.id} is still pending: the old rules come back at ${clockTime(left.deadline)} ` +
        `unless \`${fwtuiCommand({ netns: opts.netns, backend: opts.backend }, 'confirm')}\` keeps it\n`,
    );
  // The view said why it could not read the firewall; say it again where scripts and logs see it.
  const { status, error } = store.getState();
  if (status === 'failed') {
    io.stderr(`fwtui: cannot read the firewall: ${error}\n`);
    return EXIT.failure;
  }
  return EXIT.ok;
}
