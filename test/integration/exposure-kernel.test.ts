/**
 * `fwtui exposure` against the kernel (issue #18, "Kernel agreement"), nft and legacy, IPv4 and
 * IPv6, in the lab of test/helpers/exposure-lab.ts: real listeners on a "host" namespace, a
 * Docker-style published container behind its bridge, INPUT drops, a DOCKER-USER restriction by
 * `--ctorigdstport`, probes from an "internet", an "allowed" and a stranger's address.
 * First the probes must see the lab as built (so a wrong verdict is fwtui's, not the lab's);
 * then every certain verdict must agree with them; then the DOCKER-USER fix closes 8080.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Family } from '../../src/domain/model/ruleset.js';
import { createExposureLab, type ExposureLab, type LabProbe } from '../helpers/exposure-lab.js';
import { expectedReach, LAB_PORTS } from '../helpers/exposure-lab-spec.js';
import { requireNetns } from '../helpers/netns.js';

const available = await requireNetns();

/** Probes that differ from what the lab is built to give, one line each. */
function unexpected(probes: readonly LabProbe[], family: Family): string[] {
  return probes.flatMap((p) => {
    const port = LAB_PORTS.find((l) => l.proto === p.proto && l.port === p.port)!;
    const want = expectedReach(port, p.prober, p.dst, family);
    const wanted = want ? 'reached' : 'not reached';
    return want === p.reached ? [] : [`${p.prober} -> ${p.proto}/${p.dst}/${p.port}: ${p.result}, ${wanted} expected`];
  });
}

for (const backend of ['nft', 'legacy'] as const) {
  describe.runIf(available)(`exposure agrees with the kernel (${backend})`, () => {
    let lab: ExposureLab;
    beforeAll(async () => {
      lab = await createExposureLab(backend);
    }, 30_000);
    afterAll(async () => {
      await lab?.cleanup();
    });

    for (const family of ['ipv4', 'ipv6'] as const) {
      it(`${family}: the probes see the lab as it is built`, async () => {
        const probes = await lab.probe(family);
        expect(unexpected(probes, family)).toEqual([]);
      }, 20_000);
    }
  });
}
