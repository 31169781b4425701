/** The exposure slice: a slow answer never lands in a view opened after it, nor reopens a closed one. */
import { describe, expect, it } from 'vitest';
import type { ExposureReport } from '../../../src/domain/exposure/exposure-entry.js';
import type { ExposureAnswer } from '../../../src/domain/ports/firewall-source.js';
import { createAppStore } from '../../../src/store/create-app-store.js';
import { FakeSource, RULES_V4 } from '../../helpers/fake-source.js';

const report = (iface: string): ExposureReport => ({ family: 'ipv4', interfaces: [iface], entries: [] });
const answer = (iface: string): ExposureAnswer => ({ report: report(iface), reevaluate: () => report(iface) });

describe('exposure slice', () => {
  it('drops an answer that arrives after the view was closed or opened again', async () => {
    const source = new FakeSource(true, { ipv4: RULES_V4() });
    const pending: ((a: ExposureAnswer) => void)[] = [];
    source.exposure = () => new Promise((done) => pending.push(done));
    const store = createAppStore({ source });
    await store.getState().actions.load();
    const a = store.getState().actions;
    const first = a.openExposure();
    a.closeExposure();
    pending[0]!(answer('old'));
    await first;
    expect(store.getState().exposure).toBeNull();
    expect(store.getState().overlay).toBeNull();

    const second = a.openExposure();
    const third = a.openExposure();
    pending[2]!(answer('eth0'));
    pending[1]!(answer('stale'));
    await Promise.all([second, third]);
    expect(store.getState().exposure?.answer?.report.interfaces).toEqual(['eth0']);
  });
});
