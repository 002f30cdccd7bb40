// The Faye half of a Faye + CometD exchange on one channel (lib/mixed.mjs), in one clean session.
//   params: {channel?, me?, other?}
import {args, hardTimeout, run, succeed} from "./lib/harness.mjs";
import {newFayeClient, fayeConnect, fayeSubscribe, fayePublish, requireClean, report, fayeDisconnect}
    from "./lib/faye-harness.mjs";
import {exchange} from "./lib/mixed.mjs";

hardTimeout(45000, "faye-mixed");
const {url, transports, params} = args();
const transport = transports[0];

run(async () => {
    const client = newFayeClient(url, transport);
    await fayeConnect(client, transport);
    const r = await exchange({
        subscribe: (channel, listener) => fayeSubscribe(client, channel, listener),
        publish: (channel, data) => fayePublish(client, channel, data),
    }, {channel: params.channel, me: params.me || "faye", other: params.other || "cometd"});
    requireClean(client, "exchange");
    const result = {...r, ...report(client)};
    await fayeDisconnect(client);
    succeed(result);
});
