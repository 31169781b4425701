// One probe packet between test namespaces (run with `ip netns exec` in the client).
//   node probe.mjs tcp SRC SPORT DST DPORT   one connection attempt: prints refused | connected | timeout | error CODE
//   node probe.mjs udp SRC SPORT DST DPORT   one datagram: prints sent
// Bounded: a TCP attempt gives up after 300 ms (before the first SYN retransmit at 1 s).
import dgram from 'node:dgram';
import net from 'node:net';

const [proto, src, sport, dst, dport] = process.argv.slice(2);
if (proto === 'udp') {
  const s = dgram.createSocket(dst.includes(':') ? 'udp6' : 'udp4');
  s.bind({ address: src, port: Number(sport) }, () => {
    s.send('probe', Number(dport), dst, () => {
      console.log('sent');
      s.close();
    });
  });
} else {
  const s = net.connect({ host: dst, port: Number(dport), localAddress: src, localPort: Number(sport) });
  const t = setTimeout(() => {
    console.log('timeout');
    s.destroy();
    process.exit(0);
  }, 300);
  s.on('connect', () => {
    clearTimeout(t);
    console.log('connected');
    s.destroy();
  });
  s.on('error', (e) => {
    clearTimeout(t);
    console.log(e.code === 'ECONNREFUSED' ? 'refused' : `error ${e.code}`);
  });
}
