// One probe packet between test namespaces (run with `ip netns exec` in the client).
//   node probe.mjs tcp SRC SPORT DST DPORT   one connection attempt: prints refused | connected | timeout | error CODE
//   node probe.mjs udp SRC SPORT DST DPORT   one datagram: prints sent
//   node probe.mjs talk SRC SPORT DST DPORT  a whole connection: sends a line, waits for the echo
//                                            (tcp-echo.mjs server), closes; prints echoed | timeout | error CODE
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
} else if (proto === 'talk') {
  const s = net.connect({ host: dst, port: Number(dport), localAddress: src, localPort: Number(sport) });
  const t = setTimeout(() => {
    console.log('timeout');
    s.destroy();
    process.exit(0);
  }, 1000);
  s.on('connect', () => s.write('hello\n'));
  s.on('data', () => {
    clearTimeout(t);
    console.log('echoed');
    s.end();
  });
  s.on('error', (e) => {
    clearTimeout(t);
    console.log(`error ${e.code}`);
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
