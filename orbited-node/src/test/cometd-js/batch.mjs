// cometd.batch() with a subscribe and a publish to the same channel: both go in one request (one HTTP body
// or one WebSocket frame); the server must handle them in array order, so the publish reaches the
// subscription made just before it, exactly once, and both replies are successful.
//   params: {channel?}
import {args, hardTimeout, run, newClient, handshake, within, until, sleep, transportType, fail, finish, summary,
    wireLog} from "./lib/harness.mjs";

hardTimeout(30000, "batch");
const {url, transports, params} = args();
const channel = params.channel || "/chat/batch";

run(async () => {
    const cometd = newClient(url, transports);
    await handshake(cometd);
    const got = [];
    const replies = new Promise((resolve) => {
        const r = {};
        const done = () => r.subscribe && r.publish && resolve(r);
        cometd.batch(() => {
            cometd.subscribe(channel, (m) => got.push(m.data), (reply) => { r.subscribe = summary(reply); done(); });
            cometd.publish(channel, {batched: true}, (reply) => { r.publish = summary(reply); done(); });
        });
    });
    const r = await within(10000, "subscribe and publish replies", replies);
    if (r.subscribe.successful !== true || r.publish.successful !== true) {
        fail("a reply in the batch was unsuccessful", r);
    }
    await until(10000, `the batched publish delivered on ${channel}`, () => got.length >= 1);
    await sleep(300);
    if (got.length !== 1 || got[0].batched !== true) {
        fail(`expected one delivery {batched:true}, got ${JSON.stringify(got)}`);
    }
    const oneRequest = wireLog().some((w) => w.dir === ">>" && typeof w.body === "string"
        && w.body.includes('"/meta/subscribe"') && w.body.includes('"batched"'));
    if (!oneRequest) {
        fail("the client did not send subscribe and publish in one request (harness assumption broken)");
    }
    await finish(cometd, {transport: transportType(cometd), replies: r});
});
