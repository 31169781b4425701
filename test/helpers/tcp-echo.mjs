// Test traffic between two namespaces (run with `ip netns exec`).
//   node tcp-echo.mjs server ADDR PORT          echoes every byte back
//   node tcp-echo.mjs client ADDR PORT SECONDS  holds one connection, sends a byte every 100 ms,
//                                               tries a fresh connection every 150 ms; prints
//                                               "held MS" per echo and "new MS" per fresh connect.
// Bounded: the client stops after SECONDS; the server is killed by the test.
import net from 'node:net';

const [mode, host, portText, secondsText] = process.argv.slice(2);
const port = Number(portText);
if (mode === 'server') {
  net
    .createServer((s) => {
      s.on('data', (d) => s.write(d));
      s.on('error', () => {});
    })
    .listen(port, host, () => console.log('listening'));
} else {
  const until = Date.now() + Number(secondsText) * 1000;
  const held = net.connect({ host, port });
  held.on('data', () => console.log(`held ${Date.now()}`));
  held.on('error', (e) => console.log(`held-error ${e.message}`));
  const tick = setInterval(() => held.write('x'), 100);
  const probe = setInterval(() => {
    const s = net.connect({ host, port, timeout: 300 });
    s.on('connect', () => {
      console.log(`new ${Date.now()}`);
      s.destroy();
    });
    s.on('timeout', () => s.destroy());
    s.on('error', () => {});
  }, 150);
  setTimeout(() => {
    clearInterval(tick);
    clearInterval(probe);
    held.destroy();
    process.exit(0);
  }, until - Date.now());
}
