import { describe, expect, it } from 'vitest';
import { joinedRulesetEvents, socketInode } from '../../../../src/domain/text/netlink-sockets.js';

// As read while xtables-monitor -e started (measured): its event socket is 16362327, in group 0x40.
const TABLE = `sk               Eth Pid        Groups   Rmem     Wmem     Dump  Locks    Drops    Inode
00000000c61e4ad8 12  2521       00000000 0        0        0     2        0        16362326
00000000cd9ad84e 12  0          00000000 0        0        0     2        0        16362277
00000000ce7f6392 12  4037244284 00000040 0        0        0     2        0        16362327
00000000aa000001 0   777        00000040 0        0        0     2        0        16362400
`;

describe('has the monitor joined the nf_tables event group', () => {
  it('yes once one of its own netfilter sockets is in group 7', () => {
    expect(joinedRulesetEvents(TABLE, new Set(['16362326', '16362327']))).toBe(true);
  });

  it('not yet: its socket is open but in no group, or the group socket is another process', () => {
    expect(joinedRulesetEvents(TABLE, new Set(['16362326']))).toBe(false);
    expect(joinedRulesetEvents(TABLE, new Set(['16362277']))).toBe(false);
    // Group bit set on a socket of another protocol (rtnetlink): not nf_tables.
    expect(joinedRulesetEvents(TABLE, new Set(['16362400']))).toBe(false);
    expect(joinedRulesetEvents('', new Set(['16362327']))).toBe(false);
  });

  it('reads socket inodes from fd links', () => {
    expect(socketInode('socket:[16362327]')).toBe('16362327');
    expect(socketInode('/dev/null')).toBeNull();
    expect(socketInode('pipe:[123]')).toBeNull();
  });
});
