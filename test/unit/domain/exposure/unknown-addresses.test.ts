import { describe, expect, it } from 'vitest';
import { exposureReport } from '../../../../src/domain/exposure/exposure-report.js';
import type { Listener } from '../../../../src/domain/exposure/listeners.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

const listen = (address: string, port: number): Listener => ({
  proto: 'tcp',
  family: 'ipv4',
  address,
  port,
  inode: port,
  process: null,
});
const ruleset = parseSave('*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n');

describe("the interfaces' addresses could not be read", () => {
  const r = exposureReport({
    ruleset,
    interfaces: ['eth0'],
    locals: [],
    localsUnknown: true,
    listeners: [listen('198.51.100.20', 5432), listen('127.0.0.1', 631)],
    dnat: [],
  });
  const pick = (port: number) => r.entries.find((e) => e.port === port);

  it('a socket bound to a specific address: uncertain, never local-only', () => {
    expect(pick(5432)).toMatchObject({ verdict: 'uncertain' });
    expect(pick(5432)?.reason).toContain('could not be read');
  });
  it('a socket bound to loopback: still local-only (no address needed to know)', () => {
    expect(pick(631)).toMatchObject({ verdict: 'local-only' });
  });
});
