/**
 * `ipset list -t NAME`: a set's header and how many members it holds,
 * without its members. What a commit reads back of a big set (a 100k-member
 * `ipset save` costs more to read and compare than to write). Pure.
 */
import type { IpSet } from './ip-set.js';
import { parseIpsetSave } from './parse-ipset.js';

/** A set's header (members empty) and its member count. */
export interface SetHeader {
  readonly set: IpSet;
  readonly entries: number;
}

/** Parses `ipset list -t` of one set. @throws ParseError when it is not one */
export function parseSetHeader(text: string): SetHeader {
  const field = (key: string): string | undefined =>
    text
      .split('\n')
      .find((l) => l.startsWith(`${key}: `))
      ?.slice(key.length + 2)
      .trim();
  const [name, type, header, entries] = [
    field('Name'),
    field('Type'),
    field('Header') ?? '',
    field('Number of entries'),
  ];
  const set = parseIpsetSave(`create ${name ?? ''} ${type ?? ''} ${header}\n`)[0]!;
  const n = Number(entries);
  return { set, entries: Number.isInteger(n) ? n : -1 };
}
