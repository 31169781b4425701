/**
 * Rulesets built in a namespace the way real programs build them: iptables
 * commands as Docker and fail2ban's actions issue them, iptables-restore
 * input as kube-proxy and ferm produce it. The kernel then prints them back
 * in canonical form, which is what fwtui must reproduce.
 */
import { execa } from 'execa';
import type { Family } from '../../src/domain/model/ruleset.js';
import type { TestNetns } from '../helpers/netns.js';

export type Variant = 'nft' | 'legacy';

export interface TestRuleset {
  name: string;
  family: Family;
  load(ns: TestNetns, variant: Variant): Promise<void>;
}

const prog = (family: Family, variant: Variant, suffix = ''): string =>
  `${family === 'ipv6' ? 'ip6tables' : 'iptables'}-${variant}${suffix}`;

/** A ruleset issued as individual iptables commands (each line split on spaces; `"..."` groups). */
function commands(name: string, family: Family, lines: string): TestRuleset {
  return {
    name,
    family,
    async load(ns, variant) {
      for (const line of lines
        .trim()
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !l.startsWith('//'))) {
        const argv = (line.match(/"[^"]*"|\S+/g) ?? []).map((a) => (a.startsWith('"') ? a.slice(1, -1) : a));
        await ns.exec([prog(family, variant), '-w', '5', ...argv]);
      }
    },
  };
}

/** A ruleset loaded with iptables-restore -c, as kube-proxy and boot loaders do. */
function restore(name: string, family: Family, text: string): TestRuleset {
  return {
    name,
    family,
    load: async (ns, variant) => void (await ns.exec([prog(family, variant, '-restore'), '-w', '5', '-c'], text)),
  };
}

const dockerLike = `
-N DOCKER
-N DOCKER-USER
-N DOCKER-ISOLATION-STAGE-1
-N DOCKER-ISOLATION-STAGE-2
-A FORWARD -j DOCKER-USER
-A FORWARD -j DOCKER-ISOLATION-STAGE-1
-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -o docker0 -j DOCKER
-A FORWARD -i docker0 ! -o docker0 -j ACCEPT
-A FORWARD -i docker0 -o docker0 -j ACCEPT
-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2
-A DOCKER-ISOLATION-STAGE-1 -j RETURN
-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP
-A DOCKER-ISOLATION-STAGE-2 -j RETURN
-A DOCKER-USER -j RETURN
-t nat -N DOCKER
-t nat -A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
-t nat -A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER
-t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
-t nat -A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE
-t nat -A DOCKER -i docker0 -j RETURN
-t nat -A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
`;

// The commands fail2ban's iptables-multiport action runs at start and on a ban.
const fail2banLike = `
-N f2b-sshd
-A f2b-sshd -j RETURN
-I INPUT -p tcp -m multiport --dports 22 -j f2b-sshd
-I f2b-sshd 1 -s 192.0.2.10 -j REJECT --reject-with icmp-port-unreachable
-I f2b-sshd 1 -s 198.51.100.77 -j REJECT --reject-with icmp-port-unreachable
-N f2b-nginx
-A f2b-nginx -j RETURN
-I INPUT -p tcp -m multiport --dports 80,443,8000:8100 -j f2b-nginx
-I f2b-nginx 1 -s 203.0.113.5 -j DROP
`;

const fiveTables = `
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p tcp --syn --dport 22 -m conntrack --ctstate NEW -m comment --comment "ssh: admin's way in" -j ACCEPT
-A INPUT -p tcp -m multiport ! --dports 80,443 -m limit --limit 5/min -j LOG --log-prefix "fw drop: " --log-level 6
-A INPUT ! -s 10.0.0.0/8 -p udp --sport 53 -j ACCEPT
-A INPUT -p icmp --icmp-type echo-request -m limit --limit 900/min --limit-burst 20 -j ACCEPT
-A INPUT -f -j DROP
-A INPUT -p tcp -m tcp --tcp-flags SYN,ACK SYN,ACK -m conntrack --ctstate NEW -j REJECT --reject-with tcp-reset
-A INPUT -m recent --name portscan --rcheck --seconds 86400 -j DROP
-A INPUT -j REJECT
-N odd.chain_Name-1
-N goto-target
-A FORWARD -i eth0 -o eth1 -g goto-target
-A FORWARD ! -i eth0 -j odd.chain_Name-1
-A goto-target -p udp -m udp --dport 1000:2000 -j ACCEPT
-A goto-target -m mark --mark 0x10/0xff -j RETURN
-A odd.chain_Name-1 -m comment --comment "it's C:\\temp" -j ACCEPT
-A OUTPUT -o lo -j ACCEPT
-t nat -A PREROUTING -i eth0 -p tcp --dport 80 -j REDIRECT --to-ports 8080
-t nat -A POSTROUTING -o eth0 -s 192.168.50.0/24 -j SNAT --to-source 203.0.113.1
-t mangle -A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu
-t mangle -A PREROUTING -p tcp --dport 22 -j MARK --set-mark 0x1
-t mangle -A OUTPUT -m owner --uid-owner 0 -j MARK --or-mark 0x4
-t raw -A PREROUTING -p udp --dport 123 -j CT --notrack
-t raw -A OUTPUT -p udp --sport 123 -j CT --notrack
-t security -A INPUT -p tcp --dport 25 -j ACCEPT
`;

const fiveTables6 = `
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -p ipv6-icmp --icmpv6-type echo-request -j ACCEPT
-A INPUT -p ipv6-icmp -m icmp6 --icmpv6-type 135 -m hl --hl-eq 255 -j ACCEPT
-A INPUT -s fe80::/10 -p udp --dport 546 -j ACCEPT
-A INPUT ! -s 2001:db8::/32 -p tcp --dport 22 -m comment --comment "ssh v6" -j ACCEPT
-A INPUT -d 2001:db8::1/128 -p tcp -m multiport --dports 80,443 -j ACCEPT
-A INPUT -j REJECT --reject-with icmp6-adm-prohibited
-N v6-user
-A FORWARD -g v6-user
-A v6-user -p tcp -j REJECT --reject-with tcp-reset
-t nat -A POSTROUTING -o eth0 -j MASQUERADE
-t mangle -A PREROUTING -p tcp --dport 22 -j MARK --set-mark 0x2
-t raw -A PREROUTING -p udp --dport 123 -j CT --notrack
-t security -A INPUT -p tcp --dport 25 -j ACCEPT
`;

// kube-proxy writes its nat rules with iptables-restore --noflush.
// A backslash at the end of a line inside these templates joins it to the next (no line break there).
const kubeProxyLike = `*nat
:PREROUTING ACCEPT [12:720]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [40:2400]
:POSTROUTING ACCEPT [40:2400]
:KUBE-MARK-MASQ - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-SEP-ABCDEF1234567890 - [0:0]
:KUBE-SEP-ZYXWVU0987654321 - [0:0]
:KUBE-SERVICES - [0:0]
:KUBE-SVC-NPX46M4PTMTKRN6Y - [0:0]
[12:720] -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
[40:2400] -A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
[40:2400] -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
[0:0] -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
[0:0] -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
[0:0] -A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0
[0:0] -A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully
[0:0] -A KUBE-SEP-ABCDEF1234567890 -s 10.244.0.5/32 -m comment --comment "default/kubernetes:https" -j KUBE-MARK-MASQ
[0:0] -A KUBE-SEP-ABCDEF1234567890 -p tcp -m comment --comment "default/kubernetes:https" -m tcp -j DNAT \
--to-destination 10.244.0.5:6443
[0:0] -A KUBE-SEP-ZYXWVU0987654321 -p tcp -m comment --comment "default/kubernetes:https" -m tcp -j DNAT \
--to-destination 10.244.0.6:6443
[0:0] -A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:https cluster IP" -m \
tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y
[0:0] -A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https -> 10.244.0.5:6443" -m \
statistic --mode random --probability 0.50000000000 -j KUBE-SEP-ABCDEF1234567890
[0:0] -A KUBE-SVC-NPX46M4PTMTKRN6Y -m comment --comment "default/kubernetes:https -> 10.244.0.6:6443" -j \
KUBE-SEP-ZYXWVU0987654321
COMMIT
*filter
:INPUT ACCEPT [18446744073709551615:18446744073709551615]
:FORWARD ACCEPT [0:0]
:OUTPUT ACCEPT [9007199254740993:9007199254740993]
:KUBE-FORWARD - [0:0]
[18446744073709551615:18446744073709551615] -A FORWARD -m comment --comment "kubernetes forwarding rules" -j \
KUBE-FORWARD
[9007199254740993:123] -A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP
[0:0] -A KUBE-FORWARD -m comment --comment "say \\"hi\\" to C:\\\\temp" -j RETURN
[0:0] -A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate \
RELATED,ESTABLISHED -j ACCEPT
COMMIT
`;

/** ferm (a real firewall compiler) writes iptables-restore input in its own long-option style. */
const FERM_CONF = `
table filter {
  chain INPUT {
    policy DROP;
    mod state state INVALID DROP;
    mod state state (ESTABLISHED RELATED) ACCEPT;
    interface lo ACCEPT;
    proto icmp ACCEPT;
    proto tcp dport (ssh http https) ACCEPT;
    proto tcp dport 3306 saddr 10.0.0.0/8 ACCEPT;
    proto udp dport 53 mod comment comment "dns for lab" ACCEPT;
  }
  chain OUTPUT policy ACCEPT;
  chain FORWARD policy DROP;
}
table nat chain POSTROUTING outerface eth0 MASQUERADE;
`;

export async function fermRestoreText(family: Family): Promise<string> {
  const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = await mkdtemp(join(tmpdir(), 'fwtui-ferm-'));
  try {
    const conf = family === 'ipv6' ? FERM_CONF.replace('10.0.0.0/8', '2001:db8::/32') : FERM_CONF;
    await writeFile(join(dir, 'ferm.conf'), conf, { mode: 0o600 });
    const r = await execa('ferm', ['--remote', '--domain', family === 'ipv6' ? 'ip6' : 'ip', join(dir, 'ferm.conf')]);
    // execa strips the final newline; iptables-legacy-restore rejects a last line without one.
    return `${r.stdout}\n`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const ferm = (family: Family): TestRuleset => ({
  name: `ferm-${family}`,
  family,
  async load(ns, variant) {
    await ns.exec([prog(family, variant, '-restore'), '-w', '5'], await fermRestoreText(family));
  },
});

export const RULESETS: readonly TestRuleset[] = [
  commands('docker-like', 'ipv4', dockerLike),
  commands('fail2ban-like', 'ipv4', fail2banLike),
  commands('five-tables', 'ipv4', fiveTables),
  commands('five-tables-v6', 'ipv6', fiveTables6),
  restore('kube-proxy-like', 'ipv4', kubeProxyLike),
  ferm('ipv4'),
  ferm('ipv6'),
];
