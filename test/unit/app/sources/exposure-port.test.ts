/** The view's exposure: the facts read once, the report over the view's rules and again over the staged ones. */
import { describe, expect, it, vi } from 'vitest';
import { exposurePort } from '../../../../src/app/sources/exposure-port.js';
import type { ExposureReport } from '../../../../src/domain/exposure/exposure-entry.js';
import type { Ruleset } from '../../../../src/domain/model/ruleset.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

const rules = (text: string): Ruleset => parseSave(`*filter\n:INPUT ACCEPT [0:0]\n${text}COMMIT\n`, { family: 'ipv4' });

describe('exposurePort', () => {
  it('reads the facts once and classifies the rules given, then the staged rules over the same facts', async () => {
    const readFacts = vi.fn(async () => ({ listening: [22] }));
    // The number of INPUT rules stands in for the classification: it must see the ruleset it is given.
    const classify = vi.fn(
      (facts: { listening: number[] }, r: Ruleset): ExposureReport => ({
        family: r.family,
        interfaces: [`rules ${r.tables[0]!.chains[0]!.rules.length} ports ${facts.listening.join()}`],
        entries: [],
      }),
    );
    const answer = await exposurePort({ readFacts, classify })('ipv4', rules(''));
    expect(answer.report.interfaces).toEqual(['rules 0 ports 22']);
    const after = answer.reevaluate(rules('-A INPUT -p tcp -m tcp --dport 22 -j DROP\n'));
    expect(after.interfaces).toEqual(['rules 1 ports 22']);
    expect(readFacts).toHaveBeenCalledTimes(1);
    expect(readFacts).toHaveBeenCalledWith('ipv4');
  });

  it('passes on why the facts could not be read', async () => {
    const port = exposurePort({
      readFacts: async () => {
        throw new Error('/proc/net/tcp could not be read');
      },
      classify: () => ({ family: 'ipv4', interfaces: [], entries: [] }),
    });
    await expect(port('ipv4', rules(''))).rejects.toThrow('/proc/net/tcp could not be read');
  });
});
