// Orbit protocol sender for the browser tests (orbit-protocol.md 2): one request per TCP connection,
// exactly the bytes the demo page's shell command writes.
import net from 'node:net';

/** The request bytes: `Orbit 1.0`, `Event`, id, one recipient line per key, length in UTF-8 bytes. */
export function orbitRequest(id, recipients, body) {
  const bytes = Buffer.from(body, 'utf8');
  const head = 'Orbit 1.0\r\nEvent\r\nid: ' + id + '\r\n' +
    recipients.map((r) => 'recipient: ' + r + '\r\n').join('') +
    'length: ' + bytes.length + '\r\n\r\n';
  return Buffer.concat([Buffer.from(head, 'utf8'), bytes]);
}

/**
 * Sends one event and resolves with the reply, `{ status: 'Success' | 'Failure', reply }`.
 * Rejects with `err.sent = false` when the request never reached the node (connect failed), and with
 * `err.sent = true` when the connection broke or timed out after the request was written.
 */
export function sendEvent(port, id, recipients, body, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const sock = net.connect({ host: '127.0.0.1', port });
    let connected = false, buf = '', done = false;
    const finish = (err, value) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      if (err) { err.sent = connected; reject(err); } else resolve(value);
    };
    const timer = setTimeout(() => finish(new Error('no Orbit reply within ' + timeoutMs + ' ms')), timeoutMs);
    sock.setEncoding('utf8');
    sock.on('connect', () => { connected = true; sock.write(orbitRequest(id, recipients, body)); });
    sock.on('data', (d) => {
      buf += d;
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const reply = buf.slice(0, end);
      const status = reply.split('\r\n')[0];
      if (status !== 'Success' && status !== 'Failure') finish(new Error('unexpected Orbit reply: ' + JSON.stringify(reply)));
      else if (!reply.includes('\r\nid: ' + id)) finish(new Error('reply for another id: ' + JSON.stringify(reply)));
      else finish(null, { status, reply });
    });
    sock.on('error', (e) => finish(e));
    sock.on('close', () => finish(new Error('connection closed before the reply; got ' + JSON.stringify(buf))));
  });
}

/** Sends `probe` events until one succeeds, i.e. until the browser's connection is registered. */
export async function sendUntilSuccess(port, recipient, body, deadlineMs = 15000) {
  const until = Date.now() + deadlineMs;
  for (let n = 1; ; n++) {
    const r = await sendEvent(port, 'probe-' + n, [recipient], body).catch((e) => ({ status: 'error', reply: e.message }));
    if (r.status === 'Success') return n;
    if (Date.now() > until) throw new Error('no Success for ' + recipient + ' within ' + deadlineMs + ' ms; last: ' + r.reply);
    await new Promise((res) => setTimeout(res, 100));
  }
}

/**
 * One persistent Orbit connection carrying pipelined requests (orbit-protocol.md 2.1: requests are
 * dispatched in arrival order, so events sent on it are queued in the order they were written;
 * replies may overtake each other and are matched by id). `send` resolves with 'Success' or 'Failure'.
 */
export class OrbitPipe {
  static open(port) {
    return new Promise((resolve, reject) => {
      const sock = net.connect({ host: '127.0.0.1', port });
      sock.once('connect', () => { sock.off('error', reject); resolve(new OrbitPipe(sock)); });
      sock.once('error', reject);
    });
  }

  constructor(sock) {
    this.sock = sock;
    this.waiting = new Map(); // id -> resolve
    this.buf = '';
    this.error = null;
    sock.setNoDelay(true);
    sock.setEncoding('utf8');
    sock.on('data', (d) => {
      this.buf += d;
      let end;
      while ((end = this.buf.indexOf('\r\n\r\n')) >= 0) {
        const reply = this.buf.slice(0, end);
        this.buf = this.buf.slice(end + 4);
        const status = reply.split('\r\n')[0];
        const id = (/\r\nid: ([^\r\n]*)/.exec(reply) || [])[1];
        const done = this.waiting.get(id);
        if (done) { this.waiting.delete(id); done(status); }
      }
    });
    const broken = (e) => {
      this.error = this.error || e || new Error('Orbit connection closed');
      for (const done of this.waiting.values()) done('broken: ' + this.error.message);
      this.waiting.clear();
    };
    sock.on('error', broken);
    sock.on('close', () => broken(null));
  }

  /** Writes one request now; resolves with the reply's status line ('broken: …' if the connection broke). */
  send(id, recipients, body) {
    if (this.error) return Promise.resolve('broken: ' + this.error.message);
    return new Promise((resolve) => {
      this.waiting.set(String(id), resolve);
      this.sock.write(orbitRequest(id, recipients, body));
    });
  }

  close() {
    this.sock.destroy();
  }
}
