// Shared helpers for the scenario scripts. Each script is one Node process with one CometD client
// (one cookie jar: cometd-nodejs-client keeps cookies per adapt() behind a process-wide XMLHttpRequest).
//
// Contract with the Java side (NodeScript.java):
//   node <script>.mjs <url> <transports> <params as JSON>
//   <transports>: one transport ("websocket", "long-polling") or a comma-separated list, in preference order;
//   every other transport is unregistered.
//   stdout: one JSON object per line. Progress lines carry "event" (e.g. {"event":"ready"}); the last line
//   carries "ok" (the result). Exit 0 on success, 1 on a scenario failure, 2 on the script's hard timeout,
//   3 on SIGTERM (the test stopped waiting).
//   stderr: the wire log (requests, responses, frames) of a failed run, and anything else worth reading.
import {adapt} from "cometd-nodejs-client";
import {CometD} from "cometd";

const started = Date.now();
const wireHead = [];
const wire = [];
const WIRE_HEAD = 30; // the first entries (handshake, first connects) are kept whatever follows
const WIRE_KEEP = 150; // and the last ones
let wireDropped = 0;
const BODY_KEEP = 1500;

/** The command line: {url, transports: [...], params: {...}}. */
export function args() {
    const [url, transports, params] = process.argv.slice(2);
    if (!url || !transports) {
        fail("usage: node <script> <url> <transport[,transport]> [<params JSON>]");
    }
    return {url, transports: transports.split(","), params: params ? JSON.parse(params) : {}};
}

// The Java side sends SIGTERM when it stops waiting: leave the wire log behind for its failure message.
process.on("SIGTERM", () => {
    print({ok: false, reason: "terminated by the test (SIGTERM)", elapsedMillis: elapsed()});
    dumpWire();
    process.exit(3);
});

/** Kills the process with exit code 2 after {@code ms}, whatever it is doing. */
export function hardTimeout(ms, what) {
    setTimeout(() => {
        print({ok: false, reason: `hard timeout: ${what} not done in ${ms} ms`, elapsedMillis: elapsed()});
        dumpWire();
        process.exit(2);
    }, ms).unref();
}

export function elapsed() {
    return Date.now() - started;
}

function print(obj) {
    process.stdout.write(JSON.stringify(obj) + "\n");
}

/** A progress line the Java side may wait for. */
export function emit(event, fields = {}) {
    print({event, elapsedMillis: elapsed(), ...fields});
}

/** Prints the result line and exits 0. */
export function succeed(result = {}) {
    print({ok: true, elapsedMillis: elapsed(), ...result});
    process.exit(0);
}

/** Prints a failed result line, the wire log on stderr, and exits 1. */
export function fail(reason, details = {}) {
    print({ok: false, reason: String(reason), elapsedMillis: elapsed(), ...details});
    dumpWire();
    process.exit(1);
}

/** Runs main(); an exception or rejection becomes fail(). */
export function run(main) {
    process.on("unhandledRejection", (e) => fail(e && e.message ? e.message : e, {stack: e && e.stack}));
    Promise.resolve().then(main).catch((e) => fail(e && e.message ? e.message : e, {stack: e && e.stack}));
}

/** Adds an entry to the wire log (dir: ">>" sent, "<<" received, ".." connection events, "!!" client errors). */
export function record(dir, what) {
    const entry = {t: elapsed(), dir, ...what};
    if (wireHead.length < WIRE_HEAD) {
        wireHead.push(entry);
        return;
    }
    wire.push(entry);
    if (wire.length > WIRE_KEEP) {
        wire.shift();
        wireDropped++;
    }
}

/** {@code body} cut to a readable length for the wire log. */
export function clip(body) {
    if (typeof body !== "string") {
        return body;
    }
    return body.length > BODY_KEEP ? body.slice(0, BODY_KEEP) + `...(${body.length} chars)` : body;
}

/** The recorded wire (HTTP requests and responses, WebSocket frames), oldest first. */
export function wireLog() {
    return wireHead.concat(wire);
}

export function dumpWire() {
    process.stderr.write("--- wire log (t in ms since start; >> sent, << received) ---\n");
    for (const w of wireHead) {
        process.stderr.write(JSON.stringify(w) + "\n");
    }
    if (wireDropped > 0) {
        process.stderr.write(`... ${wireDropped} entries left out ...\n`);
    }
    for (const w of wire) {
        process.stderr.write(JSON.stringify(w) + "\n");
    }
    process.stderr.write("--- end of wire log ---\n");
}

let adapted = false;

/** Installs XMLHttpRequest and WebSocket, each wrapped to record what crosses the wire. */
function adaptOnce() {
    if (adapted) {
        return;
    }
    adapted = true;
    adapt();
    const BaseXhr = window.XMLHttpRequest;
    window.XMLHttpRequest = class extends BaseXhr {
        #url;
        open(method, url) {
            this.#url = String(url);
            super.open(method, url);
        }
        send(body) {
            record(">>", {http: "POST", url: this.#url, body: clip(body)});
            const onload = this.onload;
            const onerror = this.onerror;
            this.onload = () => {
                record("<<", {http: this.status, url: this.#url, body: clip(this.responseText)});
                if (onload) onload();
            };
            this.onerror = this.onabort = (x) => {
                record("<<", {http: "error", url: this.#url, status: this.status, reason: this.statusText});
                if (onerror) onerror(x);
            };
            super.send(body);
        }
    };
    const BaseWs = window.WebSocket;
    window.WebSocket = class extends BaseWs {
        constructor(url, protocols) {
            super(url, protocols);
            const u = String(url);
            record("..", {ws: "connect", url: u});
            this.addEventListener("open", () => record("..", {ws: "open", url: u}));
            this.addEventListener("message", (e) => record("<<", {ws: "frame", body: clip(String(e.data))}));
            this.addEventListener("error", (e) => record("..", {ws: "error", reason: e && e.message}));
            this.addEventListener("close", (e) => record("..", {ws: "close", code: e.code, reason: e.reason}));
        }
        send(data) {
            record(">>", {ws: "frame", body: clip(String(data))});
            super.send(data);
        }
    };
}

/**
 * A configured CometD client using only {@code transports}. Extensions are registered in the order given,
 * after a recorder that sees every message as it crosses the wire (first incoming, last outgoing):
 * {@code client.seen} holds {dir: "in"|"out", at: ms since start, message} for every message.
 */
export function newClient(url, transports, {extensions = {}, config = {}} = {}) {
    adaptOnce();
    const cometd = new CometD();
    for (const t of cometd.getTransportTypes()) {
        if (!transports.includes(t)) {
            cometd.unregisterTransport(t);
        }
    }
    const missing = transports.filter((t) => !cometd.getTransportTypes().includes(t));
    if (missing.length > 0) {
        fail(`transport(s) not available in this client: ${missing}`);
    }
    const seen = [];
    cometd.registerExtension("wire-recorder", {
        incoming: (m) => { seen.push({dir: "in", at: elapsed(), message: copy(m)}); return m; },
        outgoing: (m) => { seen.push({dir: "out", at: elapsed(), message: copy(m)}); return m; },
    });
    for (const [name, ext] of Object.entries(extensions)) {
        cometd.registerExtension(name, ext);
    }
    // Exceptions the client swallows (logged at "info", below our log level) go to the wire log: a reply the
    // client cannot process shows up there with the client's own words.
    const info = cometd._info.bind(cometd);
    cometd._info = (...a) => {
        if (/^Exception/.test(String(a[0]))) {
            record("!!", {client: a.map((x) => (x && x.message ? x.message : String(x))).join(" ")});
        }
        return info(...a);
    };
    cometd.configure({url, logLevel: process.env.COMETD_LOG_LEVEL || "warn", useWorkerScheduler: false, ...config});
    cometd.seen = seen;
    return cometd;
}

function copy(m) {
    try {
        return structuredClone(m);
    } catch (e) {
        return summary(m);
    }
}

/** Resolves with {@code promise}'s value, or rejects after {@code ms} naming {@code what}. */
export function within(ms, what, promise) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls {@code condition} every 10 ms until true; rejects after {@code ms}. */
export function until(ms, what, condition) {
    return within(ms, what, new Promise((resolve) => {
        const check = () => (condition() ? resolve() : setTimeout(check, 10));
        check();
    }));
}

/**
 * Handshakes and resolves with the first successful handshake reply. Unsuccessful replies (a refused
 * WebSocket before the fallback, for instance) are collected in {@code attempts}, not failed on: the client
 * retries by itself.
 */
export async function handshake(cometd, ms = 10000, attempts = []) {
    try {
        return await within(ms, "successful handshake", new Promise((resolve) => {
            cometd.handshake((reply) => {
                attempts.push(summary(reply));
                if (reply.successful === true) {
                    resolve(reply);
                }
            });
        }));
    } catch (e) {
        throw new Error(`${e.message}; ${attempts.length} attempt(s), the last: ${JSON.stringify(attempts[attempts.length - 1])}`);
    }
}

/** Resolves once a /meta/connect reply has succeeded (the client is CONNECTED). */
export function connected(cometd, ms = 10000) {
    return within(ms, "successful /meta/connect", new Promise((resolve) => {
        const l = cometd.addListener("/meta/connect", (m) => {
            if (m.successful === true) {
                cometd.removeListener(l);
                resolve(m);
            }
        });
    }));
}

/** Subscribes; resolves with the reply, rejects on an unsuccessful one. */
export function subscribe(cometd, channel, listener, ms = 10000) {
    return within(ms, `subscribe ${channel}`, new Promise((resolve, reject) => {
        cometd.subscribe(channel, listener, (reply) => {
            reply.successful === true ? resolve(reply) : reject(new Error(`subscribe ${channel} failed: ${JSON.stringify(summary(reply))}`));
        });
    }));
}

/** Publishes; resolves with the reply, rejects on an unsuccessful one. */
export function publish(cometd, channel, data, ms = 10000) {
    return within(ms, `publish to ${channel}`, new Promise((resolve, reject) => {
        cometd.publish(channel, data, (reply) => {
            reply.successful === true ? resolve(reply) : reject(new Error(`publish to ${channel} failed: ${JSON.stringify(summary(reply))}`));
        });
    }));
}

/** Disconnects; resolves with the reply (successful or not) or rejects on timeout. */
export function disconnect(cometd, ms = 5000) {
    return within(ms, "disconnect", new Promise((resolve) => cometd.disconnect((reply) => resolve(reply))));
}

/** Disconnects (bounded, best effort) and succeeds with {@code result}. */
export async function finish(cometd, result) {
    try {
        await disconnect(cometd, 3000);
    } catch (e) {
        // The scenario already passed; a slow disconnect is the disconnect scenario's business.
    }
    succeed(result);
}

/** The fields of a reply worth printing (a failure object holds the XHR and cannot be serialised). */
export function summary(m) {
    if (!m) {
        return m;
    }
    const out = {};
    for (const k of ["id", "channel", "successful", "error", "advice", "subscription", "clientId", "reestablish"]) {
        if (m[k] !== undefined) out[k] = m[k];
    }
    if (m.failure) {
        out.failure = {reason: m.failure.reason, httpCode: m.failure.httpCode, websocketCode: m.failure.websocketCode,
            exception: m.failure.exception ? String(m.failure.exception) : undefined};
    }
    return out;
}

/** True when the two JSON values are the same (key order ignored). */
export function sameJson(a, b) {
    return canonical(a) === canonical(b);
}

function canonical(v) {
    if (Array.isArray(v)) {
        return "[" + v.map(canonical).join(",") + "]";
    }
    if (v && typeof v === "object") {
        return "{" + Object.keys(v).sort().map((k) => JSON.stringify(k) + ":" + canonical(v[k])).join(",") + "}";
    }
    return JSON.stringify(v);
}

/** The type of the transport in use ("websocket", "long-polling"). */
export function transportType(cometd) {
    const t = cometd.getTransport();
    return t ? t.type : null;
}
