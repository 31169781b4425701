import { describe, expect, it } from 'vitest';
import { formatList } from '../../../../src/domain/listing/list-format.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';
import { renderSave } from '../../../../src/domain/text/render-save.js';
import { loadFixtures, withoutComments } from '../../../helpers/fixtures.js';

const fixtures = loadFixtures({ generated: true });

describe('real iptables dumps (shared fixtures and ones generated with real tools)', () => {
  it('has fixtures to test', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(9 + 14);
  });

  for (const fx of fixtures) {
    it(`${fx.name}: parse + render reproduces iptables-save -c byte for byte`, () => {
      const ruleset = parseSave(fx.save, { family: fx.family });
      expect(renderSave(ruleset)).toBe(withoutComments(fx.save));
    });

    for (const [table, expected] of fx.lists) {
      it(`${fx.name}: list of table ${table} equals iptables -L -n -v -x --line-numbers`, () => {
        const ruleset = parseSave(fx.save, { family: fx.family });
        const t = ruleset.tables.find((x) => x.name === table);
        expect(t, `table ${table} in ${fx.name}`).toBeDefined();
        expect(formatList(t!, fx.family)).toBe(withoutComments(expected));
      });
    }
  }
});
