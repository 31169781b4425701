// Echo listeners for a test namespace (run with `ip netns exec`): one process, many sockets.
//   node echo-servers.mjs SPEC...   SPEC = PROTO/ADDR/PORT[/v6only], PROTO tcp or udp, e.g.
//                                   tcp/0.0.0.0/80  tcp/::/5432/v6only  udp/127.0.0.1/53
// TCP echoes every byte back; UDP answers each datagram with the same bytes to its sender.
// Prints "listening N" once every socket is bound; exits on a bind error (printed) or when killed.
import dgram from 'node:dgram';
import net from 'node:net';

const specs = process.argv.slice(2).map((s) => {
  const [proto, addr, port, flag] = s.split('/');
  return { proto, addr, port: Number(port), ipv6Only: flag === 'v6only' };
});
let ready = 0;
const up = () => {
  ready++;
  if (ready === specs.length) console.log(`listening ${ready}`);
};
const fail = (spec) => (e) => {
  console.log(`error ${spec.proto}/${spec.addr}/${spec.port}: ${e.message}`);
  process.exit(1);
};
for (const spec of specs) {
  if (spec.proto === 'udp') {
    const type = spec.addr.includes(':') ? 'udp6' : 'udp4';
    const s = dgram.createSocket({ type, ipv6Only: spec.ipv6Only });
    s.on('error', fail(spec));
    s.on('message', (msg, from) => s.send(msg, from.port, from.address));
    s.bind({ address: spec.addr, port: spec.port }, up);
  } else {
    const server = net.createServer((c) => {
      c.on('data', (d) => c.write(d));
      c.on('error', () => {});
    });
    server.on('error', fail(spec));
    server.listen({ host: spec.addr, port: spec.port, ipv6Only: spec.ipv6Only }, up);
  }
}
