/** A commit record as the safety net writes it: one IPv4 filter INPUT change by root, 60 s to confirm. */
import type { CommitRecord } from '../../src/domain/commit/pending-commit.js';

export const commitRecord = (id: string): CommitRecord => ({
  version: 1,
  id,
  createdAt: Date.now(),
  timeoutSec: 60,
  netns: null,
  backend: null,
  tables: [{ family: 'ipv4', table: 'filter', chains: ['INPUT'], created: [], renamed: [] }],
  summary: ['filter INPUT: 1 added'],
  by: { user: 'root', tty: null, ssh: null, pid: process.pid },
});
