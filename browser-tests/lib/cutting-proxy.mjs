// A TCP proxy on a free loopback port that resets every connection it carries (RST, both sides) at a
// random time after the connection opened: a flaky network in front of the node's HTTP port. Plain
// Node `net` (no proxy library does "reset at a random time"); the randomness comes from the caller's
// seeded PRNG so that a failing run can be repeated.
import net from 'node:net';

/** mulberry32: a small seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return function () {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class CuttingProxy {
  /**
   * @param {{ targetPort: number, random: function(): number, minMs?: number, maxMs?: number }} opts
   *   every connection is reset between minMs and maxMs after it was accepted
   */
  constructor({ targetPort, random, minMs = 300, maxMs = 2000 }) {
    Object.assign(this, { targetPort, random, minMs, maxMs });
    this.accepted = 0;
    this.cuts = 0;
    this.live = new Set();
    this.server = net.createServer((client) => this.carry(client));
  }

  /** Starts listening on 127.0.0.1 and resolves with the port. */
  listen() {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve(this.port = this.server.address().port));
    });
  }

  carry(client) {
    this.accepted++;
    const upstream = net.connect({ host: '127.0.0.1', port: this.targetPort });
    const pair = { client, upstream, timer: null };
    this.live.add(pair);
    const end = () => {
      if (!this.live.delete(pair)) return;
      clearTimeout(pair.timer);
      client.destroy();
      upstream.destroy();
    };
    pair.timer = setTimeout(() => {
      if (!this.live.has(pair)) return;
      this.cuts++;
      this.live.delete(pair);
      client.resetAndDestroy();
      if (upstream.connecting) upstream.destroy(); else upstream.resetAndDestroy();
    }, this.minMs + this.random() * (this.maxMs - this.minMs));
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  }

  /** Stops accepting and destroys every connection still open. */
  close() {
    for (const p of this.live) {
      clearTimeout(p.timer);
      p.client.destroy();
      p.upstream.destroy();
    }
    this.live.clear();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
