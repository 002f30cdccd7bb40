// A second orbited-node process owned by one test: started, stopped gracefully and restarted on the
// same ports. Only the process this helper spawned is ever signalled.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const s = net.connect({ host: '127.0.0.1', port });
    s.on('connect', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

export class NodeProcess {
  constructor({ jar, httpPort, opPort, dir, args = [] }) {
    Object.assign(this, { jar, httpPort, opPort, dir, args });
    this.child = null;
    this.starts = 0;
    fs.mkdirSync(dir, { recursive: true });
  }

  /** Starts the jar and resolves once both ports accept connections (bounded by timeoutMs). */
  async start(timeoutMs = 30000) {
    this.starts++;
    const logFile = path.join(this.dir, 'node-' + this.starts + '.log');
    const out = fs.openSync(logFile, 'w');
    const child = spawn('java', ['-jar', this.jar, '--http-port', String(this.httpPort), '--http-bind', '127.0.0.1',
      '--op-port', String(this.opPort), '--op-bind', '127.0.0.1', ...this.args], { cwd: this.dir, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    this.child = child;
    child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error('node exited during start; see ' + logFile);
      if (await canConnect(this.httpPort) && await canConnect(this.opPort)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('node did not open its ports within ' + timeoutMs + ' ms; see ' + logFile);
  }

  /**
   * SIGTERM (graceful shutdown), then SIGKILL after graceMs; resolves with how it exited. The default
   * outlasts the node's own bounds (shutdown.drain twice, 5 s each, plus a second for the close).
   */
  async stop(graceMs = 15000) {
    const child = this.child;
    if (!child) return null;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return child.exited;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    const how = await child.exited;
    clearTimeout(t);
    return how;
  }
}
