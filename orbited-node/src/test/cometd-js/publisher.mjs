// Publishes params.count messages {n: i, ...params.extra} to a channel as fast as the client sends them
// (no waiting between publishes), then waits for every publish reply to be successful.
//   params: {channel?, count, extra?}
import {args, hardTimeout, run, newClient, handshake, publish, within, transportType, finish} from "./lib/harness.mjs";

hardTimeout(60000, "publisher");
const {url, transports, params} = args();
const channel = params.channel || "/chat/pair";
const count = params.count;

run(async () => {
    const cometd = newClient(url, transports);
    await handshake(cometd);
    const replies = [];
    for (let i = 0; i < count; i++) {
        replies.push(publish(cometd, channel, {n: i, ...(params.extra || {})}, 30000));
    }
    await within(30000, `${count} publish replies`, Promise.all(replies));
    await finish(cometd, {transport: transportType(cometd), published: count});
});
