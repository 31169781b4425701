/**
 * The program that owns a chain, in one word for messages ("Docker's chain").
 * The knowledge itself lives in chain-owners.ts. Pure.
 */
import { ownerOf } from './chain-owners.js';

/** The program that creates and rebuilds this chain ("Docker", "fail2ban"…), or null for the admin's own. */
export function chainOwner(name: string): string | null {
  return ownerOf(name)?.program ?? null;
}
