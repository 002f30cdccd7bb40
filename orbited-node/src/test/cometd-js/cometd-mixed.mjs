// The CometD half of a Faye + CometD exchange on one channel (lib/mixed.mjs).
//   params: {channel?, me?, other?}
import {args, hardTimeout, run, newClient, handshake, subscribe, publish, transportType, finish} from "./lib/harness.mjs";
import {exchange} from "./lib/mixed.mjs";

hardTimeout(45000, "cometd-mixed");
const {url, transports, params} = args();

run(async () => {
    const cometd = newClient(url, transports);
    await handshake(cometd);
    const r = await exchange({
        subscribe: (channel, listener) => subscribe(cometd, channel, (m) => listener(m.data)),
        publish: (channel, data) => publish(cometd, channel, data),
    }, {channel: params.channel, me: params.me || "cometd", other: params.other || "faye"});
    await finish(cometd, {...r, transport: transportType(cometd)});
});
