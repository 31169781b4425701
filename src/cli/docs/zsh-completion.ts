/**
 * The zsh completion for fwtui (`_fwtui`, for a directory on $fpath), written from --help like the bash one:
 * commands and options with their --help words, tables, the chains of the live ruleset (as root),
 * `ip netns` names, themes, files for --file/--root/apply.
 */
import { TABLE_NAMES } from '../../domain/model/ruleset.js';
import { usageCommands, usageFlags, usageSection } from './usage-sections.js';

/** A word zsh reads literally inside single quotes. */
const quoted = (text: string): string => `'${text.replaceAll("'", "'\\''")}'`;

/** `name:description` items for _describe (a colon in the name is escaped, as _describe needs). */
function described(names: readonly string[], section: string): string {
  const entries = usageSection(section);
  const about = (name: string): string => {
    const entry = entries.find((e) => e.term.split(/[ ,]+/).includes(name));
    // The first sentence: trace's PACKET grammar is for --help and the man page, not a menu line.
    return (entry?.description ?? '').replace(/\s+/g, ' ').trim().split('. ')[0]!;
  };
  return names.map((n) => `    ${quoted(`${n.replaceAll(':', '\\:')}:${about(n)}`)}`).join('\n');
}

/** The completion function file; `themes` are the --theme names. */
export function zshCompletion(themes: readonly string[]): string {
  const words = (list: readonly string[]) => list.map(quoted).join(' ');
  return `#compdef fwtui
# zsh completion for fwtui (generated from fwtui --help; do not edit)
_fwtui_chains() {
  local table=filter i
  for ((i = 2; i < CURRENT; i++)); do
    case "\${words[i]}" in -t|--table) table="\${words[i+1]}" ;; esac
  done
  # Live chains need root; as another user this prints nothing.
  iptables -w 1 -t "$table" -S 2>/dev/null | while read -r op name _; do
    case "$op" in -P|-N) print -r -- "$name" ;; esac
  done
}
_fwtui() {
  local prev="\${words[CURRENT-1]}" cur="\${words[CURRENT]}"
  local -a commands options
  commands=(
${described(usageCommands(), 'Commands')}
  )
  options=(
${described(usageFlags(), 'Options')}
  )
  case "$prev" in
    -t|--table) compadd -- ${words(TABLE_NAMES)}; return ;;
    --netns) compadd -- \${(f)"$(ip netns list 2>/dev/null | cut -d' ' -f1)"}; return ;;
    --backend) compadd -- nft legacy; return ;;
    --create) compadd -- hash:net hash:ip; return ;;
    --set) compadd -- \${(f)"$(ipset list -n 2>/dev/null)"}; return ;;
    --theme) compadd -- ${words(themes)}; return ;;
    --file|--root|apply) _files; return ;;
    --confirm-timeout|--interval|--seconds) _message 'seconds'; return ;;
    --count) _message 'packets'; return ;;
  esac
  if [[ "$cur" == -* ]]; then
    _describe -t options 'option' options; return
  fi
  if (( \${words[(I)list]} > 1 && \${words[(I)list]} < CURRENT )); then
    compadd -- \${(f)"$(_fwtui_chains)"}; return
  fi
  _describe -t commands 'command' commands
}
_fwtui "$@"
`;
}
