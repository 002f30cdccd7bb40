// Subscribes, prints {"event":"ready"}, then waits for params.count messages {n: 0..count-1} from another
// process, which must arrive all, in order, without duplicates.
//   params: {channel?, count, waitMillis?, ack?}
import {AckExtension} from "cometd";
import {args, hardTimeout, run, newClient, handshake, subscribe, until, sleep, transportType, emit, fail,
    finish} from "./lib/harness.mjs";

hardTimeout(60000, "subscriber");
const {url, transports, params} = args();
const channel = params.channel || "/chat/pair";
const count = params.count;

run(async () => {
    const extensions = params.ack ? {ack: new AckExtension()} : {};
    const cometd = newClient(url, transports, {extensions});
    await handshake(cometd);
    const got = [];
    await subscribe(cometd, channel, (m) => got.push(m.data && m.data.n));
    emit("ready", {transport: transportType(cometd)});
    await until(params.waitMillis || 30000, `${count} messages on ${channel} (got ${got.length})`, () => got.length >= count);
    await sleep(500); // a duplicate would show up here
    const expected = Array.from({length: count}, (_, i) => i);
    if (got.length !== count || got.some((n, i) => n !== i)) {
        const firstWrong = got.findIndex((n, i) => n !== i);
        fail(`expected ${count} messages 0..${count - 1} in order, got ${got.length}`,
            {firstWrongIndex: firstWrong, around: got.slice(Math.max(0, firstWrong - 3), firstWrong + 5),
                missing: expected.filter((n) => !got.includes(n)).slice(0, 20)});
    }
    await finish(cometd, {transport: transportType(cometd), received: got.length});
});
