// Helpers for the Faye 1.4.3 scenario scripts (faye-*.mjs). Same contract with the Java side as harness.mjs
// (args, one JSON object per stdout line, exit codes, wire log on stderr): see NodeScript.java. One Faye client
// per process, so each process is one browser (one cookie jar).
//
// What the Faye Node client does (node_modules/faye/src), which the scenarios depend on:
// - It always handshakes over HTTP long-polling: protocol/client.js handshake() selects among
//   MANDATORY_CONNECTION_TYPES (long-polling, callback-polling, in-process; util/constants.js). While doing so,
//   transport/transport.js Transport.get() calls isUsable() on every transport not allowed yet, which for
//   websocket opens the socket at once (transport/web_socket.js isUsable -> connect -> _createSocket). That socket
//   is opened before the handshake has set any cookie, so its upgrade carries none.
// - After the handshake reply it selects among the server's supportedConnectionTypes, in its registration order
//   (in-process, websocket, long-polling; transport/node_transports.js): websocket as soon as that socket is open.
//   /meta/connect carries connectionType "websocket" from then on, each message in its own frame (batching false).
// - Cookies: one tough-cookie jar per client (protocol/dispatcher.js), filled from Set-Cookie of HTTP responses
//   (node_http.js) and of the 101 (web_socket.js onopen), sent on every HTTP request and on every upgrade made
//   after it was filled (transport.js _getCookies).
// - "websocket" below means Faye's default configuration (handshake over HTTP, then the socket);
//   "long-polling" means client.disable("websocket"): no socket is ever opened.
import {createRequire} from "node:module";
import {record, clip, fail, within, until} from "./harness.mjs";

const require = createRequire(import.meta.url);
const Faye = require("faye");
const Transport = require("faye/src/transport/transport.js");
const WebSocketTransport = require("faye/src/transport/web_socket.js");
const HttpTransport = require("faye/src/transport/node_http.js");

/**
 * What crossed the wire in this process: every WebSocket upgrade (with the Cookie header it carried, or null)
 * and every Bayeux message handed to a transport ({channel, id, via, cookie}).
 */
export const wire = {upgrades: [], carried: []};

installWireRecorder();

function installWireRecorder() {
    const createSocket = WebSocketTransport.prototype._createSocket;
    WebSocketTransport.prototype._createSocket = function () {
        const cookie = this._getCookies() || null;
        const upgrade = {url: WebSocketTransport.getSocketUrl(this.endpoint), cookie, opened: false, closed: null};
        wire.upgrades.push(upgrade);
        record("..", {ws: "connect", url: upgrade.url, cookie});
        const socket = createSocket.call(this);
        if (socket) {
            socket.addEventListener("open", () => {
                upgrade.opened = true;
                record("..", {ws: "open"});
            });
            socket.addEventListener("message", (e) => record("<<", {ws: "frame", body: clip(String(e.data))}));
            socket.addEventListener("close", (e) => {
                upgrade.closed = e.code;
                record("..", {ws: "close", code: e.code, reason: e.reason});
            });
        }
        return socket;
    };
    const wsRequest = WebSocketTransport.prototype.request;
    WebSocketTransport.prototype.request = function (messages) {
        carried(messages, "websocket", null);
        record(">>", {ws: "frame", body: clip(JSON.stringify(messages))});
        return wsRequest.call(this, messages);
    };
    const httpRequest = HttpTransport.prototype.request;
    HttpTransport.prototype.request = function (messages) {
        const cookie = this._getCookies() || null;
        carried(messages, "long-polling", cookie);
        record(">>", {http: "POST", url: this.endpoint.href, cookie, body: clip(JSON.stringify(messages))});
        return httpRequest.call(this, messages);
    };
    const handleResponse = HttpTransport.prototype._handleResponse;
    HttpTransport.prototype._handleResponse = function (messages, response) {
        handleResponse.call(this, messages, response); // sets the encoding and its own listeners first
        let body = "";
        response.on("data", (chunk) => { body += chunk; });
        response.on("end", () => record("<<", {http: response.statusCode, setCookie: response.headers["set-cookie"],
            contentType: response.headers["content-type"], body: clip(body)}));
    };
    const handleError = Transport.prototype._handleError;
    Transport.prototype._handleError = function (messages, immediate) {
        record("!!", {transportError: this.connectionType, messages: [].concat(messages).map((m) => `${m.channel}#${m.id}`)});
        return handleError.call(this, messages, immediate);
    };
    Faye.logger = {
        error: (m) => record("!!", {faye: "error", log: m}),
        warn: (m) => record("!!", {faye: "warn", log: m}),
    };
}

function carried(messages, via, cookie) {
    for (const m of messages) {
        wire.carried.push({channel: m.channel, id: m.id, via, cookie});
    }
}

/**
 * A Faye client on {@code transport} ("websocket": Faye's default; "long-polling": websocket disabled). Its
 * recorder extension keeps {@code client.seen}: {handshakes: [clientId...], refusals: [unsuccessful replies]}.
 */
export function newFayeClient(url, transport, options = {}) {
    const client = new Faye.Client(url, options);
    if (transport === "long-polling") {
        client.disable("websocket");
    } else if (transport !== "websocket") {
        fail(`unknown Faye transport ${transport} (websocket or long-polling)`);
    }
    const seen = {handshakes: [], refusals: []};
    client.addExtension({
        incoming(m, callback) {
            if (m.channel === "/meta/handshake" && m.successful === true) {
                seen.handshakes.push(m.clientId);
            }
            if (m.successful === false) {
                seen.refusals.push(summary(m));
                record("!!", {refused: summary(m)});
            }
            callback(m);
        },
    });
    client.on("transport:down", () => record("..", {faye: "transport:down"}));
    client.on("transport:up", () => record("..", {faye: "transport:up"}));
    client.seen = seen;
    return client;
}

/**
 * Handshakes (over HTTP, whatever the transport), then waits until Faye has switched to {@code transport}: its
 * socket may open after the handshake reply (a cold node), and until then Faye goes on over HTTP. Resolves with
 * the clientId.
 */
export async function fayeConnect(client, transport, ms = 15000) {
    const clientId = await within(ms, "Faye handshake",
        new Promise((resolve) => client.connect(() => resolve(client._dispatcher.clientId))));
    await until(ms, `Faye switching to ${transport} (on ${fayeTransport(client)})`, () => fayeTransport(client) === transport);
    return clientId;
}

/** Subscribes; resolves on the server's successful reply, rejects on a refusal. */
export function fayeSubscribe(client, channel, listener, ms = 15000) {
    return within(ms, `Faye subscribe ${channel}`, new Promise((resolve, reject) => {
        client.subscribe(channel, listener).then(() => resolve(),
            (e) => reject(new Error(`subscribe ${channel} refused: ${describe(e)}; refusals ${JSON.stringify(client.seen.refusals)}`)));
    }));
}

/** Publishes; resolves on the server's successful reply, rejects on a refusal. */
export function fayePublish(client, channel, data, ms = 15000) {
    return within(ms, `Faye publish to ${channel}`, new Promise((resolve, reject) => {
        client.publish(channel, data).then(() => resolve(),
            (e) => reject(new Error(`publish to ${channel} refused: ${describe(e)}; refusals ${JSON.stringify(client.seen.refusals)}`)));
    }));
}

/**
 * Fails unless the session was clean: one handshake, no unsuccessful reply. A refusal is something the user
 * sees (a failed subscribe or publish, a new clientId, subscriptions made again), so the scenarios insist on it.
 */
export function requireClean(client, what) {
    const {handshakes, refusals} = client.seen;
    if (refusals.length > 0 || handshakes.length !== 1) {
        fail(`${what}: the server refused the Faye client (${refusals.length} refusal(s), ${handshakes.length} handshake(s))`,
            {refusals: refusals.slice(0, 5), handshakes, upgrades: upgrades()});
    }
}

/** The transport Faye is using now ("websocket", "long-polling"). */
export function fayeTransport(client) {
    return client._dispatcher.connectionType || null;
}

/** The upgrades so far: {cookie: true|false, opened, closed} (the cookie value is in the wire log). */
export function upgrades() {
    return wire.upgrades.map((u) => ({cookie: u.cookie !== null, opened: u.opened, closed: u.closed}));
}

/** Which transport carried the messages of each channel kind: {"/meta/connect": {"websocket": 3, ...}, ...}. */
export function carriedBy() {
    const out = {};
    for (const c of wire.carried) {
        const kind = c.channel.startsWith("/meta/") ? c.channel : "publish";
        out[kind] = out[kind] || {};
        out[kind][c.via] = (out[kind][c.via] || 0) + 1;
    }
    return out;
}

/** The HTTP requests after the first (the handshake): how many, and how many carried a cookie. */
export function httpCookies() {
    const posts = [];
    for (const c of wire.carried) {
        if (c.via === "long-polling" && c.channel !== "/meta/handshake") {
            posts.push(c.cookie !== null);
        }
    }
    return {messages: posts.length, withCookie: posts.filter((x) => x).length};
}

/** The result fields every Faye scenario reports. */
export function report(client) {
    return {transport: fayeTransport(client), handshakes: client.seen.handshakes.length,
        refusals: client.seen.refusals.length, upgrades: upgrades(), carriedBy: carriedBy(), http: httpCookies()};
}

/** Disconnects (bounded, best effort). */
export async function fayeDisconnect(client, ms = 3000) {
    try {
        const p = client.disconnect();
        if (p) {
            await within(ms, "Faye disconnect", new Promise((resolve) => p.then(resolve, resolve)));
        }
    } catch (e) {
        // the scenario has passed already
    }
}

function describe(e) {
    if (!e) return String(e);
    return e.code !== undefined ? `${e.code}:${(e.params || []).join(",")}:${e.message}` : (e.message || String(e));
}

function summary(m) {
    const out = {};
    for (const k of ["id", "channel", "successful", "error", "advice", "subscription", "clientId"]) {
        if (m[k] !== undefined) out[k] = m[k];
    }
    return out;
}
