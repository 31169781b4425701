/**
 * The bash completion for fwtui, written from --help: commands and options as --help names them,
 * tables, the chains of the live ruleset (as root), `ip netns` names, themes, files for --file/apply.
 */
import { TABLE_NAMES } from '../../domain/model/ruleset.js';
import { usageCommands, usageFlags } from './usage-sections.js';

/** The completion script; `themes` are the --theme names. */
export function bashCompletion(themes: readonly string[]): string {
  const words = (list: readonly string[]) => list.join(' ');
  return `# bash completion for fwtui (generated from fwtui --help; do not edit)
_fwtui_chains() {
  local table=filter i
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in -t|--table) table="\${COMP_WORDS[i+1]}" ;; esac
  done
  # Live chains need root; as another user this prints nothing.
  iptables -w 1 -t "$table" -S 2>/dev/null | while read -r op name _; do
    case "$op" in -P|-N) printf '%s\\n' "$name" ;; esac
  done
}
_fwtui() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  case "$prev" in
    -t|--table) COMPREPLY=($(compgen -W "${words(TABLE_NAMES)}" -- "$cur")); return ;;
    --netns) COMPREPLY=($(compgen -W "$(ip netns list 2>/dev/null | cut -d' ' -f1)" -- "$cur")); return ;;
    --backend) COMPREPLY=($(compgen -W "nft legacy" -- "$cur")); return ;;
    --create) COMPREPLY=($(compgen -W "hash:net hash:ip" -- "$cur")); return ;;
    --set) COMPREPLY=($(compgen -W "$(ipset list -n 2>/dev/null)" -- "$cur")); return ;;
    --theme) COMPREPLY=($(compgen -W "${words(themes)}" -- "$cur")); return ;;
    --file|--root|apply) COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return ;;
    --confirm-timeout|--interval|--count|--seconds) return ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "${words(usageFlags())}" -- "$cur")); return
  fi
  local i
  for ((i = 1; i < COMP_CWORD; i++)); do
    if [[ "\${COMP_WORDS[i]}" == list ]]; then COMPREPLY=($(compgen -W "$(_fwtui_chains)" -- "$cur")); return; fi
  done
  COMPREPLY=($(compgen -W "${words(usageCommands())}" -- "$cur"))
}
complete -F _fwtui fwtui
`;
}
