// A Faye client subscribes, prints {"event":"ready","clientId":…}, then waits for params.count messages
// {n: 0..count-1} from another process, which must arrive all, in order, without duplicates, in one clean session
// (no refusal, one handshake).
//   params: {channel?, count, waitMillis?}
import {args, hardTimeout, run, until, sleep, emit, fail, succeed} from "./lib/harness.mjs";
import {newFayeClient, fayeConnect, fayeSubscribe, fayeTransport, requireClean, report, fayeDisconnect}
    from "./lib/faye-harness.mjs";

hardTimeout(60000, "faye-subscriber");
const {url, transports, params} = args();
const transport = transports[0];
const channel = params.channel || "/chat/faye-pair";
const count = params.count;

run(async () => {
    const client = newFayeClient(url, transport);
    const clientId = await fayeConnect(client, transport);
    const got = [];
    await fayeSubscribe(client, channel, (data) => got.push(data && data.n));
    requireClean(client, "subscribe");
    emit("ready", {clientId, transport: fayeTransport(client)});
    await until(params.waitMillis || 30000, `${count} messages on ${channel} (got ${got.length})`, () => got.length >= count);
    await sleep(500); // a duplicate would show up here
    const expected = Array.from({length: count}, (_, i) => i);
    if (got.length !== count || got.some((n, i) => n !== i)) {
        const firstWrong = got.findIndex((n, i) => n !== i);
        fail(`expected ${count} messages 0..${count - 1} in order, got ${got.length}`,
            {firstWrongIndex: firstWrong, around: got.slice(Math.max(0, firstWrong - 3), firstWrong + 5),
                missing: expected.filter((n) => !got.includes(n)).slice(0, 20)});
    }
    requireClean(client, "receive");
    const result = {clientId, received: got.length, ...report(client)};
    await fayeDisconnect(client);
    succeed(result);
});
