// Many probes at once from one test namespace (run with `ip netns exec`), all in parallel, bounded.
//   node lab-probe.mjs SRC MS TARGET...   TARGET = PROTO/DST/PORT (IPv6 DST without brackets)
// TCP: a connection from SRC; "connected", "refused", "timeout" (no answer within MS) or "error CODE".
// UDP: a datagram from SRC, sent again every 250 ms (a busy echo server may be slow, never a lost
//      answer); "answered" when the same bytes come back within MS, else "timeout".
// Prints one JSON object {"PROTO/DST/PORT": result, …} and exits.
import dgram from 'node:dgram';
import net from 'node:net';

const [src, msText, ...targets] = process.argv.slice(2);
const ms = Number(msText);

function tcp(dst, port) {
  return new Promise((done) => {
    const s = net.connect({ host: dst, port, localAddress: src });
    const t = setTimeout(() => {
      s.destroy();
      done('timeout');
    }, ms);
    s.on('connect', () => {
      clearTimeout(t);
      s.destroy();
      done('connected');
    });
    s.on('error', (e) => {
      clearTimeout(t);
      done(e.code === 'ECONNREFUSED' ? 'refused' : `error ${e.code}`);
    });
  });
}

function udp(dst, port) {
  return new Promise((done) => {
    const s = dgram.createSocket(dst.includes(':') ? 'udp6' : 'udp4');
    const word = `probe-${port}-${Math.random().toString(36).slice(2)}`;
    let again;
    const finish = (r) => {
      clearTimeout(t);
      clearInterval(again);
      s.close();
      done(r);
    };
    const t = setTimeout(() => finish('timeout'), ms);
    s.on('message', (m) => {
      if (m.toString() === word) finish('answered');
    });
    s.on('error', (e) => finish(`error ${e.code}`));
    s.bind({ address: src, port: 0 }, () => {
      const send = () => s.send(word, port, dst, () => {});
      send();
      again = setInterval(send, 250);
    });
  });
}

const results = await Promise.all(
  targets.map((target) => {
    const [proto, dst, port] = target.split('/');
    return (proto === 'udp' ? udp : tcp)(dst, Number(port)).then((r) => [target, r]);
  }),
);
console.log(JSON.stringify(Object.fromEntries(results)));
process.exit(0);
