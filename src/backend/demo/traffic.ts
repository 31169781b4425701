/**
 * The demo's traffic: a small script run inside the client namespace. It
 * sends to the demo server only (its own veth peer), at a bounded rate, for a
 * bounded time, and stops as soon as fwtui goes away (its stdin closes).
 */
import { DEMO_SERVER_V4, DEMO_SERVER_V6 } from './demo-ruleset.js';

/** Seconds the generator runs at most, even if nobody stops it. */
export const TRAFFIC_MAX_SECONDS = 900;

export const TRAFFIC_SCRIPT = `
const dgram = require('node:dgram');
const net = require('node:net');
const targets = [['${DEMO_SERVER_V4}', 'udp4'], ['${DEMO_SERVER_V6}', 'udp6']];
const tcpPorts = [22, 80, 443, 5432, 8080];
const udpPorts = [53, 123, 5353];
const stop = () => process.exit(0);
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
setTimeout(stop, ${TRAFFIC_MAX_SECONDS * 1000}).unref();
let n = 0;
setInterval(() => {
  n++;
  for (const [host, type] of targets) {
    const s = dgram.createSocket(type);
    s.on('error', () => {});
    s.send('fwtui demo', udpPorts[n % udpPorts.length], host, () => s.close());
    const port = tcpPorts[n % tcpPorts.length];
    const c = net.connect({ host, port, timeout: 500 });
    c.on('error', () => {});
    c.on('timeout', () => c.destroy());
    c.on('connect', () => c.end());
  }
}, 100);
`;
