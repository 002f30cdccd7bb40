// A Faye client publishes params.count messages {n: i, ...params.extra} to a channel, then waits for every
// publish reply to be successful. On websocket it publishes them all at once (one socket: the frames leave in
// order). On long-polling it waits for each reply before the next publish: Faye sends a burst as several HTTP
// requests at once, on as many connections, and nothing orders requests on different connections.
//   params: {channel?, count, extra?}
import {args, hardTimeout, run, within, succeed} from "./lib/harness.mjs";
import {newFayeClient, fayeConnect, fayePublish, requireClean, report, fayeDisconnect} from "./lib/faye-harness.mjs";

hardTimeout(60000, "faye-publisher");
const {url, transports, params} = args();
const transport = transports[0];
const channel = params.channel || "/chat/faye-pair";
const count = params.count;

run(async () => {
    const client = newFayeClient(url, transport);
    const clientId = await fayeConnect(client, transport);
    if (transport === "websocket") {
        const replies = [];
        for (let i = 0; i < count; i++) {
            replies.push(fayePublish(client, channel, {n: i, ...(params.extra || {})}, 30000));
        }
        await within(30000, `${count} publish replies`, Promise.all(replies));
    } else {
        for (let i = 0; i < count; i++) {
            await fayePublish(client, channel, {n: i, ...(params.extra || {})}, 30000);
        }
    }
    requireClean(client, "publish");
    const result = {clientId, published: count, ...report(client)};
    await fayeDisconnect(client);
    succeed(result);
});
