/**
 * The demo's firewall: a default-drop server with per-protocol chains (the
 * classic "simple stateful firewall"), a web server's rules, a Docker-like
 * chain, and an IPv6 twin. Also the offline sample when not run as root.
 */

export const DEMO_SERVER_V4 = '10.99.0.1';
export const DEMO_CLIENT_V4 = '10.99.0.2';
export const DEMO_SERVER_V6 = 'fd00:99::1';
export const DEMO_CLIENT_V6 = 'fd00:99::2';

export const DEMO_RULES_V4 = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:DOCKER - [0:0]
:DOCKER-USER - [0:0]
:ICMP - [0:0]
:TCP - [0:0]
:UDP - [0:0]
:WEB - [0:0]
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate INVALID -j DROP
-A INPUT -p icmp -m conntrack --ctstate NEW -j ICMP
-A INPUT -p udp -m conntrack --ctstate NEW -j UDP
-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -m conntrack --ctstate NEW -j TCP
-A INPUT -p udp -j REJECT --reject-with icmp-port-unreachable
-A INPUT -p tcp -j REJECT --reject-with tcp-reset
-A INPUT -j REJECT --reject-with icmp-proto-unreachable
-A FORWARD -j DOCKER-USER
-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -o docker0 -j DOCKER
-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT
-A DOCKER-USER -s 203.0.113.0/24 -m comment --comment "blocked by the admin" -j DROP
-A DOCKER-USER -j RETURN
-A ICMP -p icmp -m icmp --icmp-type 8 -j ACCEPT
-A ICMP -p icmp -m icmp --icmp-type 3 -j ACCEPT
-A TCP -p tcp -m tcp --dport 22 -m comment --comment "ssh: admin's way in" -j ACCEPT
-A TCP -p tcp -m multiport --dports 80,443 -j WEB
-A TCP -s ${DEMO_CLIENT_V4}/32 -p tcp -m tcp --dport 5432 -m comment --comment "postgres for one host" -j ACCEPT
-A UDP -p udp -m udp --dport 53 -j ACCEPT
-A UDP -p udp -m udp --dport 123 -j ACCEPT
-A WEB -m limit --limit 50/sec --limit-burst 100 -j ACCEPT
-A WEB -j LOG --log-prefix "web over limit: "
-A WEB -j DROP
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
:INPUT ACCEPT [0:0]
:OUTPUT ACCEPT [0:0]
:POSTROUTING ACCEPT [0:0]
:DOCKER - [0:0]
-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER
-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80
COMMIT
`;

export const DEMO_RULES_V6 = `*filter
:INPUT DROP [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
:TCP - [0:0]
:UDP - [0:0]
-A INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A INPUT -i lo -j ACCEPT
-A INPUT -m conntrack --ctstate INVALID -j DROP
-A INPUT -p ipv6-icmp -j ACCEPT
-A INPUT -p udp -m conntrack --ctstate NEW -j UDP
-A INPUT -p tcp -m tcp --tcp-flags FIN,SYN,RST,ACK SYN -m conntrack --ctstate NEW -j TCP
-A INPUT -p udp -j REJECT --reject-with icmp6-adm-prohibited
-A INPUT -p tcp -j REJECT --reject-with tcp-reset
-A INPUT -j REJECT --reject-with icmp6-adm-prohibited
-A TCP -p tcp -m tcp --dport 22 -j ACCEPT
-A TCP -p tcp -m multiport --dports 80,443 -j ACCEPT
-A UDP -p udp -m udp --dport 53 -j ACCEPT
COMMIT
`;
