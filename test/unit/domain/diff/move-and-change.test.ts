/** h21: a move combined with an edit of a neighbour is still a move, in the diff, the review and the rows. */
import { describe, expect, it } from 'vitest';
import { summarizeTable } from '../../../../src/domain/commit/change-summary.js';
import { applyEdit, type Edit } from '../../../../src/domain/edit/edits.js';
import { diffTable, movedOf, renamesOf } from '../../../../src/domain/diff/table-diff.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { stagedRows } from '../../../../src/ui/format/staged-rows.js';

const RULES = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:WEB - [0:0]
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -i lo -j ACCEPT
-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT
-A INPUT -p tcp -m multiport --dports 80,443 -j WEB
-A INPUT -j REJECT
-A WEB -j ACCEPT
COMMIT
`;
const SSH = '-p tcp -m tcp --dport 22 -j ACCEPT';
const SSH_EDITED = '-s 192.0.2.0/24 -p tcp -m tcp --dport 22 -j ACCEPT';
const WEB = '-p tcp -m multiport --dports 80,443 -j WEB';

function diffOf(edits: Edit[]) {
  const t = parseSave(RULES).tables[0]!;
  const staged = edits.reduce(applyEdit, t);
  const diff = diffTable(t, staged, renamesOf(edits, t), movedOf(edits));
  return { diff, input: diff.chains.find((c) => c.name === 'INPUT')! };
}

describe('a move next to a changed rule', () => {
  it('edit rule 3, then move rule 4 up: rule 4 moved to 3, and rule 3 changed (now 4)', () => {
    const { diff, input } = diffOf([
      { kind: 'replace', chain: 'INPUT', at: 2, spec: SSH, with: SSH_EDITED },
      { kind: 'move', chain: 'INPUT', from: 3, to: 2, spec: WEB },
    ]);
    expect(input.after.map((r) => r.spec)).toEqual([
      expect.any(String),
      '-i lo -j ACCEPT',
      WEB,
      SSH_EDITED,
      '-j REJECT',
    ]);
    expect(input.moved).toEqual([[3, 2]]);
    expect(input.changed).toEqual([[2, 3]]);
    const [line] = summarizeTable(diff).filter((l) => l.startsWith('filter INPUT'));
    expect(line).toBe(`filter INPUT: rule 4 moved to 3; rule 3 changed (now 4): ${SSH_EDITED}`);
    // The rows: the WEB jump marked moved (↕), the SSH rule changed.
    const marks = stagedRows(input).rows.map((r) => ('index' in r ? r.mark : 'ghost'));
    expect(marks).toEqual([null, null, 'moved', 'changed', null]);
  });

  it('a move alone, and a rule moved back next to a changed one, read as before', () => {
    const alone = diffOf([{ kind: 'move', chain: 'INPUT', from: 4, to: 3, spec: '-j REJECT' }]);
    expect(alone.input.moved).toEqual([[4, 3]]);
    const back = diffOf([
      { kind: 'replace', chain: 'INPUT', at: 2, spec: SSH, with: SSH_EDITED },
      { kind: 'move', chain: 'INPUT', from: 3, to: 2, spec: WEB },
      { kind: 'move', chain: 'INPUT', from: 2, to: 3, spec: WEB },
    ]);
    expect(back.input.moved).toEqual([]);
    expect(back.input.changed).toEqual([[2, 2]]);
  });
});
