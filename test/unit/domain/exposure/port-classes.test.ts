import { describe, expect, it } from 'vitest';
import { portClasses } from '../../../../src/domain/exposure/port-classes.js';
import { parseSave } from '../../../../src/domain/text/parse-save.js';

const save = (...lines: string[]) => parseSave([...lines, ''].join('\n'));

describe('ports the rules cannot tell apart', () => {
  it('ports no rule names share a class; a named port, a range or a list sets a port apart', () => {
    const classOf = portClasses(
      save(
        '*filter',
        ':INPUT DROP [0:0]',
        '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT',
        '-A INPUT -p tcp -m tcp --dport 8000:8100 -j ACCEPT',
        '-A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT',
        '-A INPUT -p udp -m udp ! --dport 53 -j DROP',
        'COMMIT',
      ),
    );
    expect(classOf('tcp', 1000)).toBe(classOf('tcp', 2000));
    for (const named of [22, 8000, 8050, 80, 443]) expect(classOf('tcp', named)).not.toBe(classOf('tcp', 1000));
    expect(classOf('tcp', 8000)).toBe(classOf('tcp', 8100));
    expect(classOf('udp', 53)).not.toBe(classOf('udp', 54));
    expect(classOf('udp', 54)).toBe(classOf('udp', 55));
    expect(classOf('udp', 1000)).not.toBe(classOf('tcp', 1000));
  });

  it('a match that reads the port in a way not modelled here (conntrack, sets with ports) groups nothing', () => {
    const classOf = portClasses(
      save('*filter', ':FORWARD DROP [0:0]', '-A FORWARD -p tcp -m conntrack --ctorigdstport 8080 -j DROP', 'COMMIT'),
    );
    expect(classOf('tcp', 1000)).not.toBe(classOf('tcp', 2000));
  });
});
