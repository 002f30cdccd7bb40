// The Faye client handshakes, subscribes, publishes and receives its own messages: each data value must come back
// unchanged (unicode, nesting, ~100 KB), once, in order, on the transport asked for, in one clean session (no
// refusal, one handshake).
//   params: {channel?, bigChars?}
import {args, hardTimeout, run, until, sleep, sameJson, fail, succeed} from "./lib/harness.mjs";
import {newFayeClient, fayeConnect, fayeSubscribe, fayePublish, fayeTransport, requireClean, report, fayeDisconnect}
    from "./lib/faye-harness.mjs";

hardTimeout(40000, "faye-roundtrip");
const {url, transports, params} = args();
const transport = transports[0];
const channel = params.channel || "/chat/faye";

function bigPayload(chars) {
    // Deterministic, varied text: ASCII, escapes the JSON encoder must handle, 2-, 3- and 4-byte UTF-8.
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789 \"\\/\n\té日🚀";
    let s = "";
    let seed = 11;
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
    const client = newFayeClient(url, transport);
    const clientId = await fayeConnect(client, transport);
    const received = [];
    await fayeSubscribe(client, channel, (data) => received.push(data));
    for (const p of payloads) {
        await fayePublish(client, channel, p);
    }
    await until(15000, `${payloads.length} own messages back on ${channel} (got ${received.length})`,
        () => received.length >= payloads.length);
    await sleep(300); // a duplicate would show up here
    requireClean(client, "roundtrip");
    if (received.length !== payloads.length) {
        fail(`received ${received.length} messages for ${payloads.length} publishes`, {received: received.map(short)});
    }
    for (let i = 0; i < payloads.length; i++) {
        if (!sameJson(received[i], payloads[i])) {
            fail(`message ${i} changed on the way`, {sent: short(payloads[i]), got: short(received[i])});
        }
    }
    if (fayeTransport(client) !== transport) {
        fail(`ended on ${fayeTransport(client)}, expected ${transport}`, report(client));
    }
    const result = {clientId, received: received.length, ...report(client)};
    await fayeDisconnect(client);
    succeed(result);
});

function short(v) {
    const s = JSON.stringify(v);
    return s && s.length > 300 ? s.slice(0, 300) + `...(${s.length} chars)` : v;
}
