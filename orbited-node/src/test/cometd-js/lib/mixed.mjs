// Two clients of different kinds (Faye, CometD) on one channel, each in its own process, seeing each other's
// publishes. Neither process can tell when the other has subscribed, so each one publishes a "hello" every 100 ms
// until it has received a message from the other, then one "final": the other had subscribed before publishing
// anything, so it receives that final. Each process then waits for the other's final. Bounded everywhere.
//   params: {channel?, me, other}
import {until, sleep, sameJson, fail} from "./harness.mjs";

/** What every message carries besides {from, kind, n}: the receiver checks it arrived unchanged. */
export const BODY = {text: "héllo ✓ 日本語 🚀 \u2028", nested: {list: [1, 2.5, null, true, {deep: "x"}]}};

/**
 * Runs the exchange with {@code api} = {subscribe(channel, listener(data)) → Promise, publish(channel, data) →
 * Promise}; resolves with {fromOther, ownEchoes}.
 */
export async function exchange(api, {channel = "/chat/mixed", me, other}) {
    const got = [];
    await api.subscribe(channel, (data) => got.push(data));
    const fromOther = () => got.filter((d) => d && d.from === other);
    let n = 0;
    for (; n < 100 && fromOther().length === 0; n++) {
        await api.publish(channel, {from: me, kind: "hello", n, ...BODY});
        await sleep(100);
    }
    if (fromOther().length === 0) {
        fail(`nothing from ${other} on ${channel} after ${n} hellos`, {got: got.slice(0, 5)});
    }
    await api.publish(channel, {from: me, kind: "final", n: n++, ...BODY});
    await until(15000, `the final message of ${other}`, () => fromOther().some((d) => d.kind === "final"));
    await sleep(300); // a duplicate would show up here
    const theirs = fromOther();
    const keys = theirs.map((d) => d.n);
    if (new Set(keys).size !== keys.length) {
        fail(`a message of ${other} arrived twice`, {numbers: keys});
    }
    for (const d of theirs) {
        const {from, kind, n: k, ...body} = d;
        if (!sameJson(body, BODY)) {
            fail(`a message of ${other} changed on the way`, {got: d});
        }
    }
    const own = got.filter((d) => d && d.from === me).length;
    return {fromOther: theirs.length, otherKinds: [...new Set(theirs.map((d) => d.kind))].sort(), ownEchoes: own, published: n};
}
