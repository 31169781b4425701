/**
 * Reading `ipset save` (create/add lines) and `ipset list -t`, line by line: what an admin gets for each kind
 * of line, and the message naming the line of what fwtui cannot read. Parsed inside each test (not at module
 * load), so that mutation testing sees every test that depends on the parser.
 */
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../../../src/domain/text/parse-error.js';
import { parseIpsetSave, parseIpsetTerse, withTerse } from '../../../../src/domain/sets/parse-ipset.js';

/** The ParseError `text` raises. */
function errorOf(text: string): ParseError {
  try {
    parseIpsetSave(text);
  } catch (e) {
    if (e instanceof ParseError) return e;
    throw e;
  }
  throw new Error('expected a ParseError');
}

/** What an admin would see of a set: name, type, family, options, members. */
const view = (text: string) => parseIpsetSave(text).map((s) => [s.name, s.type, s.family, s.options, s.members]);

describe('ipset save: create lines', () => {
  it('reads type, family and the other options in order, flags without a value', () => {
    const [s] = parseIpsetSave(
      'create bl hash:net family inet hashsize 64 maxelem 1000 timeout 600 counters comment skbinfo forceadd\n',
    );
    expect(s).toEqual({
      name: 'bl',
      type: 'hash:net',
      family: 'inet',
      options: [
        { name: 'hashsize', value: '64' },
        { name: 'maxelem', value: '1000' },
        { name: 'timeout', value: '600' },
        { name: 'counters', value: null },
        { name: 'comment', value: null },
        { name: 'skbinfo', value: null },
        { name: 'forceadd', value: null },
      ],
      members: [],
      memsize: null,
      references: null,
    });
  });

  it('takes the family wherever it stands, inet6 included, and keeps it out of the options', () => {
    expect(view('create v6 hash:ip hashsize 64 family inet6 maxelem 8\n')).toEqual([
      [
        'v6',
        'hash:ip',
        'inet6',
        [
          { name: 'hashsize', value: '64' },
          { name: 'maxelem', value: '8' },
        ],
        [],
      ],
    ]);
  });

  it('gives a hash set without a family inet, and hash:mac, bitmap and list sets no family', () => {
    const text =
      'create h hash:ip\ncreate m hash:mac\ncreate b bitmap:port range 1-1024\ncreate l list:set size 8\n' +
      'create n hash:net,iface\n';
    expect(parseIpsetSave(text).map((s) => [s.name, s.family])).toEqual([
      ['h', 'inet'],
      ['m', null],
      ['b', null],
      ['l', null],
      ['n', 'inet'],
    ]);
  });

  it('refuses a family other than inet or inet6, naming it', () => {
    expect(errorOf('create x hash:ip family ipx\n')).toEqual(
      new ParseError(1, 'family of x must be inet or inet6, not "ipx"'),
    );
    expect(errorOf('create x hash:ip family\n')).toEqual(new ParseError(1, 'option family needs a value'));
  });

  it('refuses a set without a type, or created twice', () => {
    expect(errorOf('create x\n')).toEqual(new ParseError(1, 'set x has no type'));
    expect(errorOf('\ncreate x hash:ip\ncreate x hash:net\n')).toEqual(new ParseError(3, 'set x is created twice'));
  });

  it('refuses a word that is neither a known valued option nor a lower-case flag', () => {
    expect(errorOf('create x hash:ip Counters\n')).toEqual(new ParseError(1, 'unexpected "Counters"'));
    expect(errorOf('create x hash:ip 1counters\n')).toEqual(new ParseError(1, 'unexpected "1counters"'));
    expect(errorOf('create x hash:ip counters1\n')).toEqual(new ParseError(1, 'unexpected "counters1"'));
    expect(errorOf('create x hash:ip counters "a b"\n')).toEqual(new ParseError(1, 'unexpected "a b"'));
  });
});

describe('ipset save: set names', () => {
  it('refuses a missing name, one with spaces or quotes, and one over 31 characters', () => {
    expect(errorOf('create\n')).toEqual(new ParseError(1, 'bad set name ""'));
    expect(errorOf('create "a b" hash:ip\n')).toEqual(new ParseError(1, 'bad set name "a b"'));
    expect(errorOf("create a'b hash:ip\n")).toEqual(new ParseError(1, 'bad set name "a\'b"'));
    expect(errorOf(`create ${'n'.repeat(32)} hash:ip\n`)).toEqual(
      new ParseError(1, `bad set name "${'n'.repeat(32)}"`),
    );
    expect(errorOf('add\n')).toEqual(new ParseError(1, 'bad set name ""'));
  });

  it('accepts a 31-character name and one with punctuation ipset allows', () => {
    const long = 'n'.repeat(31);
    expect(parseIpsetSave(`create ${long} hash:ip\ncreate f2b-sshd:v4 hash:ip\n`).map((s) => s.name)).toEqual([
      long,
      'f2b-sshd:v4',
    ]);
  });
});

describe('ipset save: add lines', () => {
  it('adds members in order with their own options, a quoted comment unquoted', () => {
    const text =
      'create bl hash:net family inet counters comment\nadd bl 192.0.2.0/24 timeout 299 packets 3 bytes 180 ' +
      'comment "test net"\nadd bl 192.0.2.128/25 nomatch\nadd bl 198.51.100.7\n';
    expect(parseIpsetSave(text)[0]!.members).toEqual([
      {
        elem: '192.0.2.0/24',
        options: [
          { name: 'timeout', value: '299' },
          { name: 'packets', value: '3' },
          { name: 'bytes', value: '180' },
          { name: 'comment', value: 'test net' },
        ],
      },
      { elem: '192.0.2.128/25', options: [{ name: 'nomatch', value: null }] },
      { elem: '198.51.100.7', options: [] },
    ]);
  });

  it('refuses an add before its create, without an element, or with an option missing its value', () => {
    expect(errorOf('add x 1.2.3.4\n')).toEqual(new ParseError(1, 'add to set x, which is not created before it'));
    expect(errorOf('create x hash:ip\nadd x\n')).toEqual(new ParseError(2, 'add to x without an element'));
    expect(errorOf('create x hash:ip timeout 5\nadd x 1.2.3.4 timeout\n')).toEqual(
      new ParseError(2, 'option timeout needs a value'),
    );
    expect(errorOf('create x hash:ip comment\nadd x 1.2.3.4 comment "open\n')).toEqual(
      new ParseError(2, 'a double quote is never closed'),
    );
  });

  it('refuses a line that is not create or add', () => {
    expect(errorOf('create x hash:ip\nflush x\n')).toEqual(
      new ParseError(2, '"flush" is not a line ipset save writes (expected create or add)'),
    );
  });
});

describe('ipset save: the text around the lines', () => {
  it('skips empty lines, lines of blanks and # comments, and reads a last line without a newline', () => {
    const text = '# sets for fwtui block\n\n   \n\t\ncreate x hash:ip\n# add x 192.0.2.1\nadd x 192.0.2.2';
    expect(view(text)).toEqual([['x', 'hash:ip', 'inet', [], [{ elem: '192.0.2.2', options: [] }]]]);
    expect(errorOf('create x hash:ip\nadd y 192.0.2.2')).toEqual(
      new ParseError(2, 'add to set y, which is not created before it'),
    );
  });

  it('reads no sets from empty text', () => {
    expect(parseIpsetSave('')).toEqual([]);
    expect(parseIpsetSave('\n')).toEqual([]);
  });
});

describe('ipset list -t', () => {
  const TERSE =
    'Name: bl\nType: hash:net\nRevision: 7\nHeader: family inet hashsize 64\nSize in memory: 705\nReferences: 1\n' +
    'Number of entries: 2\n\nName: p\nType: hash:ip,port\nSize in memory: 304\nReferences: 0\n';

  it('gives each set its memory and reference count', () => {
    expect([...parseIpsetTerse(TERSE)]).toEqual([
      ['bl', { memsize: 705, references: 1 }],
      ['p', { memsize: 304, references: 0 }],
    ]);
  });

  it('ignores references before any name, and blanks around a value', () => {
    expect([...parseIpsetTerse('References: 3\nName: a  \nSize in memory: 10\nReferences: 2\n')]).toEqual([
      ['a', { memsize: 10, references: 2 }],
    ]);
    expect(parseIpsetTerse('').size).toBe(0);
  });

  it('fills memory and references into the sets it names, null for the others', () => {
    const sets = parseIpsetSave('create bl hash:net\ncreate other hash:ip\n');
    const filled = withTerse(sets, parseIpsetTerse(TERSE));
    expect(filled.map((s) => [s.name, s.type, s.memsize, s.references])).toEqual([
      ['bl', 'hash:net', 705, 1],
      ['other', 'hash:ip', null, null],
    ]);
  });
});
