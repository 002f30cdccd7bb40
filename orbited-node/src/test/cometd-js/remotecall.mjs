// cometd.remoteCall("/echo", {ping: 1}, 5000, cb): the client publishes to /service/echo and completes the
// call with the first incoming message that has data and the request's id (the echo-test plugin answers
// {"echo": <data>}). A timeout yields successful:false with error "406::timeout".
//   params: {data?}
import {args, hardTimeout, run, newClient, handshake, within, sameJson, transportType, fail, finish,
    summary} from "./lib/harness.mjs";

hardTimeout(30000, "remotecall");
const {url, transports, params} = args();
const data = params.data || {ping: 1};

run(async () => {
    const cometd = newClient(url, transports);
    await handshake(cometd);
    const reply = await within(10000, "remoteCall callback", new Promise((resolve) => {
        cometd.remoteCall("/echo", data, 5000, (r) => resolve(r));
    }));
    const wire = cometd.seen.filter((s) => s.message.channel === "/service/echo").map((s) => ({dir: s.dir, message: s.message}));
    const result = {transport: transportType(cometd), reply: {...summary(reply), data: reply.data}, serviceMessages: wire};
    if (reply.successful === false) {
        fail(`remoteCall failed: ${reply.error || (reply.failure && reply.failure.reason)}`, result);
    }
    if (!sameJson(reply.data, {echo: data})) {
        fail(`remoteCall answered ${JSON.stringify(reply.data)}, expected ${JSON.stringify({echo: data})}`, result);
    }
    await finish(cometd, result);
});
