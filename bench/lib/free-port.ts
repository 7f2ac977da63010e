import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Linux's range for ephemeral ports, where the kernel picks `listen(0)` ports and the local ports of outgoing connections. */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high)) return [low, high];
  } catch {
    // Not Linux, or no /proc: the usual default.
  }
  return [32_768, 60_999];
}

/** Below the ephemeral range and above the ports services usually take. */
const FIRST_PORT = 10_000;

/**
 * Ports in our range that fetch (undici, Chromium) refuses to connect to ("bad port", the Fetch standard's
 * port blocking list): a server there would be unreachable from the relying parties and the browser.
 */
const FETCH_BLOCKED_PORTS = new Set([10_080]);

/**
 * A port free on loopback now, for servers whose URL must be known before they start (issuers, expected
 * origins). Picked at random *below* the ephemeral range: a port the kernel handed out for `listen(0)` can
 * be taken by any outgoing connection (to the database, to another test server) before our server
 * listens on it; a port outside that range can only be taken by someone who asks for it by number.
 */
export async function freePort(): Promise<number> {
  const [ephemeralLow] = ephemeralRange();
  const last = Math.max(FIRST_PORT + 1_000, ephemeralLow - 1);
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = FIRST_PORT + Math.floor(Math.random() * (last - FIRST_PORT + 1));
    if (!FETCH_BLOCKED_PORTS.has(port) && (await canListen(port))) return port;
  }
  throw new Error(`No free port found between ${FIRST_PORT} and ${last}`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
