// Publication order is delivery order (issue 9). Subscribes, prints {"event":"ready"}, then, by params.mode:
//   "awaited": publishes {n: 0..count-1} one at a time, each after the previous publish reply;
//   "batched": publishes them in cometd.batch() groups of params.perBatch, without waiting between batches
//              (the client queues its requests, one outstanding besides the connect, so the send order is the
//              publication order);
//   "none":    publishes nothing (a receiver for another process's publications).
// A publisher then publishes the end marker {end: true}, after every other publish reply. Every process then waits
// for the marker and asserts that it received n = 0..count-1 and the marker, in that order, exactly once each:
// a duplicate or a late copy delivered before the marker shows, one after it is an order violation by itself.
//   params: {channel?, count, mode?, perBatch?, waitMillis?, publishMillis?}
import {args, hardTimeout, run, newClient, handshake, subscribe, publish, within, until, transportType, emit, fail,
    finish} from "./lib/harness.mjs";

hardTimeout(150000, "order");
const {url, transports, params} = args();
const channel = params.channel || "/order/js";
const count = params.count;
const mode = params.mode || "awaited";
const perBatch = params.perBatch || 10;
const publishMillis = params.publishMillis || 90000; // hang guard for the publishing, not a speed requirement
const END = "end";

run(async () => {
    const cometd = newClient(url, transports);
    await handshake(cometd);
    const got = [];
    await subscribe(cometd, channel, (m) => got.push(m.data && typeof m.data.n === "number" ? m.data.n
        : m.data && m.data.end === true ? END : JSON.stringify(m.data)));
    emit("ready", {transport: transportType(cometd)});

    if (mode === "awaited") {
        await within(publishMillis, `${count} publishes, each awaiting its reply`, (async () => {
            for (let n = 0; n < count; n++) {
                await publish(cometd, channel, {n});
            }
        })());
    } else if (mode === "batched") {
        const replies = [];
        for (let first = 0; first < count; first += perBatch) {
            cometd.batch(() => {
                for (let n = first; n < Math.min(first + perBatch, count); n++) {
                    replies.push(new Promise((resolve, reject) => cometd.publish(channel, {n}, (r) =>
                        r.successful === true ? resolve(r) : reject(new Error(`publish n=${n} failed: ${JSON.stringify(r)}`)))));
                }
            });
        }
        await within(publishMillis, `${count} publish replies in ${Math.ceil(count / perBatch)} batches`, Promise.all(replies));
    } else if (mode !== "none") {
        fail(`unknown mode ${mode}`);
    }
    if (mode !== "none") {
        await publish(cometd, channel, {end: true});
        emit("published", {count});
    }

    try {
        await until(params.waitMillis || 60000, `the end marker and ${count} messages on ${channel} (got ${got.length})`,
            () => got.includes(END) && got.length >= count + 1);
    } catch (e) {
        // reported below, with what did arrive
    }
    const expected = Array.from({length: count}, (_, i) => i).concat([END]);
    const firstWrong = firstDifference(got, expected);
    if (firstWrong >= 0) {
        const seen = new Map();
        for (const v of got) seen.set(v, (seen.get(v) || 0) + 1);
        const from = Math.max(0, firstWrong - 5);
        fail(`${transportType(cometd)} (${mode}): expected n=0..${count - 1} then the end marker, in publication order, `
            + `exactly once each; got ${got.length} messages; first wrong index ${firstWrong}: expected `
            + `${at(expected, firstWrong)}, got ${at(got, firstWrong)}; indices ${from}..${firstWrong + 5} got `
            + `${JSON.stringify(got.slice(from, firstWrong + 6))}, expected ${JSON.stringify(expected.slice(from, firstWrong + 6))}`, {
            firstWrongIndex: firstWrong,
            missing: expected.filter((v) => !seen.has(v)).slice(0, 20),
            moreThanOnce: [...seen].filter(([, c]) => c > 1).map(([v, c]) => `${v}x${c}`).slice(0, 20),
            outOfPlace: got.filter((v, i) => v !== expected[i]).length,
        });
    }
    await finish(cometd, {transport: transportType(cometd), mode, received: got.length - 1});
});

/** The first index where the arrays differ (a shorter one differs where it ends), or -1. */
function firstDifference(a, b) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
        if (a[i] !== b[i]) return i;
    }
    return -1;
}

function at(list, i) {
    return i < list.length ? JSON.stringify(list[i]) : "nothing (list ends)";
}
