// Handshake, subscribe, publish, receive our own messages: each data value must come back unchanged
// (unicode, nesting, ~100 KB). With several transports allowed, params.expectTransport names the one the
// client must end up on (the websocket-refused fallback).
//   params: {channel?, expectTransport?, bigChars?}
import {args, hardTimeout, run, newClient, handshake, subscribe, publish, until, sleep, sameJson, transportType,
    fail, finish, wireLog} from "./lib/harness.mjs";

hardTimeout(40000, "roundtrip");
const {url, transports, params} = args();
const channel = params.channel || "/chat/roundtrip";
const expectTransport = params.expectTransport || transports[0];

function bigPayload(chars) {
    // Deterministic, varied text: ASCII, escapes the JSON encoder must handle, 2-, 3- and 4-byte UTF-8.
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 \"\\/\n\té日🚀";
    let s = "";
    let seed = 7;
    while (s.length < chars) {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        s += alphabet[seed % alphabet.length];
    }
    return {blob: s, numbers: Array.from({length: 1000}, (_, i) => i * 1.5 - 250)};
}

const payloads = [
    {text: "héllo wörld ✓ 日本語 🚀 👩‍👩‍👧", quotes: "\"'`", slash: "\\ / </script>", seps: "\u2028\u2029", nul: "\u0000"},
    {a: {b: {c: [1, 2, {d: [true, false, null, 1.5, -0.25, 1e21, 12345678901234]}]}}, empty: {}, none: [], "key with spaces": "ok"},
    "just a string",
    42,
    [1, "two", null, {three: 3}],
    bigPayload(params.bigChars || 100 * 1024),
];

run(async () => {
    const cometd = newClient(url, transports, {config: {maxSendBayeuxMessageSize: 1024 * 1024}});
    const attempts = [];
    await handshake(cometd, params.handshakeMillis || 20000, attempts);
    if (transportType(cometd) !== expectTransport) {
        fail(`handshake succeeded over ${transportType(cometd)}, expected ${expectTransport}`, {attempts});
    }
    const received = [];
    await subscribe(cometd, channel, (m) => received.push(m.data));
    for (const p of payloads) {
        await publish(cometd, channel, p);
    }
    await until(15000, `${payloads.length} own messages back on ${channel} (got ${received.length})`,
        () => received.length >= payloads.length);
    await sleep(300); // a duplicate would show up here
    if (received.length !== payloads.length) {
        fail(`received ${received.length} messages for ${payloads.length} publishes`, {received: received.map(short)});
    }
    for (let i = 0; i < payloads.length; i++) {
        if (!sameJson(received[i], payloads[i])) {
            fail(`message ${i} changed on the way`, {sent: short(payloads[i]), got: short(received[i])});
        }
    }
    if (transportType(cometd) !== expectTransport) {
        fail(`ended on ${transportType(cometd)}, expected ${expectTransport}`);
    }
    const wsConnects = wireLog().filter((w) => w.ws === "connect").length;
    await finish(cometd, {transport: transportType(cometd), received: received.length, attempts, wsConnects});
});

function short(v) {
    const s = JSON.stringify(v);
    return s && s.length > 300 ? s.slice(0, 300) + `...(${s.length} chars)` : v;
}
