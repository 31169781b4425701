/** Keys -> store actions, through the key map. Prompts (search, confirm, help) take the keys first. */
import { useApp, useStdin, type Key } from 'ink';
import { useEffect } from 'react';
import type { AppActions } from '../store/create-app-store.js';
import type { AppState } from '../store/app-state.js';
import { bindingFor, jumpTarget, type CommandId } from './keymap.js';
import { parseKeys } from './keys.js';
import { useStoreApi } from './store-context.js';
import { needsTypedYes } from './confirm-keys.js';

function runCommand(command: CommandId, s: AppState, a: AppActions, page: number, exit: () => void): void {
  const onChains = s.focus === 'chains';
  switch (command) {
    case 'up': return onChains ? a.moveChain(-1) : a.moveRule(-1);
    case 'down': return onChains ? a.moveChain(1) : a.moveRule(1);
    case 'pageUp': return onChains ? a.moveChain(-page) : a.moveRule(-page);
    case 'pageDown': return onChains ? a.moveChain(page) : a.moveRule(page);
    case 'top': return onChains ? a.moveChain(-1e9) : a.moveRuleTo('first');
    case 'bottom': return onChains ? a.moveChain(1e9) : a.moveRuleTo('last');
    case 'toggleFocus': return a.toggleFocus();
    case 'focusChains': return a.setFocus('chains');
    case 'focusRules': return a.setFocus('rules');
    case 'follow': return onChains ? a.setFocus('rules') : jumpTarget(s) ? a.followJump() : a.openEditor('replace');
    case 'back': return a.goBack();
    case 'nextTable': return a.nextTable();
    case 'ipv4': return void a.selectFamily('ipv4');
    case 'ipv6': return void a.selectFamily('ipv6');
    case 'search': return a.openSearch();
    case 'nextHit': return a.nextHit(1);
    case 'prevHit': return a.nextHit(-1);
    case 'exact': return a.toggleExact();
    case 'rowMode': return a.toggleRowMode();
    case 'scrollLeft': return a.scrollMatches(-8);
    case 'scrollRight': return a.scrollMatches(8);
    case 'zero': return a.askZero();
    case 'help': return a.toggleHelp();
    case 'quit': return s.staging.edits.length > 0 || s.pending ? a.askQuit() : exit();
    case 'insertAbove': return a.openEditor('above');
    case 'insertBelow': return a.openEditor('below');
    case 'append': return a.openEditor('end');
    case 'edit': return a.openEditor('replace');
    case 'delete': return a.askDelete();
    case 'duplicate': return a.duplicateRule();
    case 'ruleUp': return a.shiftRule(-1);
    case 'ruleDown': return a.shiftRule(1);
    case 'moveTo': return a.askMoveTo();
    case 'policy': return a.askPolicy();
    case 'newChain': return a.askNewChain();
    case 'renameChain': return a.askRenameChain();
    case 'deleteChain': return a.askDeleteChain();
    case 'flush': return a.askFlush();
    case 'undo': return a.undo();
    case 'redo': return a.redo();
    case 'discard': return a.askDiscard();
    case 'commit': return a.openCommit();
    case 'save': return a.askSave();
    case 'savedDiff': return a.openSaved();
    case 'trace': return a.askTrace();
    case 'analysis': return a.openAnalysis();
    case 'history': return a.openHistory();
    case 'keep': return void a.keepCommit();
    case 'revertNow': return void a.revertPending();
    case 'command': return a.askCommand();
  }
}

function handleEditor(input: string, key: Key, a: AppActions): void {
  if (key.escape) a.closeEditor();
  else if (key.return) void a.submitEditor();
  else if (key.upArrow || (key.tab && key.shift)) a.editorField(-1);
  else if (key.downArrow) a.editorField(1);
  else if (key.tab) a.editorComplete();
  else if (key.ctrl && input === 't') a.editorToggleMode();
  else if (key.ctrl && input === 'g') a.editorToggleGoto();
  else if (key.ctrl && input === 'u') a.editorErase(true);
  else if (key.backspace || key.delete) a.editorErase();
  else if (input && !key.ctrl && !key.meta) a.editorType(input);
}

/** j/k, arrows, Space and PgUp/PgDn in a scrolling view. */
function handleScroll(input: string, key: Key, page: number, scroll: (delta: number) => void): void {
  const delta = key.downArrow || input === 'j' ? 1 : key.upArrow || input === 'k' ? -1 : key.pageDown || input === ' ' ? page : key.pageUp ? -page : 0;
  if (delta !== 0) scroll(delta);
}

function handleCommit(input: string, key: Key, s: AppState, a: AppActions, page: number): void {
  const state = s.commit?.state;
  if (state === 'applying') return; // the kernel is being written: nothing to cancel halfway
  const typing = Boolean(s.commit?.lockout?.warnings.length);
  if (key.escape || input === 'q') a.closeOverlay();
  else if (state === 'review' && (input === 'y' || key.return)) void a.applyCommit();
  // With lockout warnings, capital letters spell LOCKOUT (no key binding of this view is a capital).
  else if (typing && /^[A-Z]$/.test(input)) a.typeLockout(input);
  else if (typing && (key.backspace || key.delete)) a.typeLockout(null);
  else if (state === 'drift' && input === 'r') a.rebaseCommit();
  else handleScroll(input, key, page, a.scrollCommit);
}

/** `pasted`: the key came with others in one read; a line break in a paste of commands is not Enter. */
function handlePrompt(input: string, key: Key, s: AppState, a: AppActions, pasted: boolean): void {
  if (key.escape) a.closeOverlay();
  else if (key.return && pasted && s.prompt?.action === 'command') a.promptType('\n');
  else if (key.return) a.submitPrompt();
  else if (key.backspace || key.delete) a.promptErase();
  else if (input && !key.ctrl && !key.meta) a.promptType(input);
}

function handleSearch(input: string, key: Key, s: AppState, a: AppActions): void {
  if (key.return) a.closeSearch(true);
  else if (key.escape) a.closeSearch(false);
  else if (key.backspace || key.delete) a.setQuery(s.query.slice(0, -1));
  else if (input && !key.ctrl && !key.meta) a.setQuery(s.query + input);
}

/** Handles one key against the state as it is now. */
function handleKey(
  input: string, key: Key, s: AppState, actions: AppActions, page: number, exit: () => void, pasted = false,
): void {
  if (s.searchOpen) return handleSearch(input, key, s, actions);
  if (s.overlay === 'editor') return handleEditor(input, key, actions);
  if (s.overlay === 'commit') return handleCommit(input, key, s, actions, page);
  if (s.overlay === 'prompt') return handlePrompt(input, key, s, actions, pasted);
  if (s.overlay === 'analysis') {
    if (key.escape || input === 'q' || input === 'A') actions.closeOverlay();
    else handleScroll(input, key, page, actions.scrollAnalysis);
    return;
  }
  if (s.overlay === 'history') {
    if (key.escape || input === 'q' || input === 'L') actions.closeOverlay();
    else if (input === 'g' || key.home) actions.scrollHistory(-1e9);
    else if (input === 'G' || key.end) actions.scrollHistory(1e9);
    else handleScroll(input, key, page, actions.scrollHistory);
    return;
  }
  if (s.overlay === 'saved') {
    if (key.escape || input === 'q' || input === 'D') actions.closeOverlay();
    else if (input === 'S') actions.askSave();
    else handleScroll(input, key, page, actions.scrollSaved);
    return;
  }
  if (s.overlay === 'confirm') {
    // Quitting loses staged edits or leaves a commit to the guard: only a typed y does it, never a stray Enter.
    if (s.confirm?.action === 'quit') {
      if (input === 'y') exit();
      else if (input === 'Y' && s.pending) {
        actions.closeOverlay();
        void actions.keepCommit();
      } else if (input === 'n' || key.escape || key.return) actions.closeOverlay();
    } else if (s.confirm && needsTypedYes(s.confirm.action)) {
      // Discarding cannot be undone either: y, and Enter stays.
      if (input === 'y') void actions.confirmYes();
      else if (input === 'n' || key.escape || key.return) actions.closeOverlay();
    } else if (input === 'y' || key.return) void actions.confirmYes();
    else if (input === 'n' || key.escape) actions.closeOverlay();
    return;
  }
  if (s.overlay === 'policy') {
    if (input.toLowerCase() === 'a') actions.setPolicy('ACCEPT');
    else if (input.toLowerCase() === 'd') actions.setPolicy('DROP');
    else if (input.toLowerCase() === 's' && s.policyAdvice?.inserts.length) actions.dropWithSshAccept();
    else if (key.escape || input === 'q') actions.closeOverlay();
    return;
  }
  if (s.overlay === 'help') {
    if (input === '?' || input === 'q' || key.escape) actions.closeOverlay();
    else if (input === ' ' || input === 'j' || key.pageDown || key.downArrow) actions.helpPage(1);
    else if (input === 'k' || key.pageUp || key.upArrow) actions.helpPage(-1);
    return;
  }
  if (s.notice) actions.dismissNotice();
  const binding = bindingFor(input, key, s);
  if (binding) runCommand(binding.command, s, actions, page, exit);
}

/** Wires keyboard input to the store, one key at a time. `page` is how many rules one PgUp/PgDn moves. */
export function useAppInput(page: number): void {
  const store = useStoreApi();
  const { exit } = useApp();
  const { setRawMode, internal_eventEmitter: events } = useStdin();
  useEffect(() => {
    setRawMode(true);
    const onInput = (chunk: string | Buffer): void => {
      const keys = parseKeys(String(chunk));
      for (const [input, key] of keys) {
        const s = store.getState();
        handleKey(input, key, s, s.actions, page, exit, keys.length > 1);
      }
    };
    events.on('input', onInput);
    return () => {
      events.removeListener('input', onInput);
      setRawMode(false);
    };
  }, [store, exit, setRawMode, events, page]);
}
