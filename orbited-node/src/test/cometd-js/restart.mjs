// Survives a server restart. A /meta/handshake listener (re)subscribes on every successful handshake, as
// applications do. Prints {"event":"ready"} after the first subscription and {"event":"resubscribed"} after
// the subscription made by a re-handshake; then waits for params.expect messages and checks each arrived
// once.
//   params: {channel?, expect?, waitMillis?}
import {args, hardTimeout, run, newClient, until, sleep, transportType, emit, fail, finish, summary,
    elapsed} from "./lib/harness.mjs";

hardTimeout(90000, "restart");
const {url, transports, params} = args();
const channel = params.channel || "/chat/restart";
const expect = params.expect || 1;

run(async () => {
    const cometd = newClient(url, transports);
    const got = [];
    const handshakes = [];
    let firstFailureAt = null;
    cometd.addListener("/meta/connect", (m) => {
        if (m.successful === false && firstFailureAt === null) {
            firstFailureAt = elapsed();
            emit("connection-lost", {reply: summary(m)});
        }
    });
    cometd.addListener("/meta/handshake", (m) => {
        handshakes.push(summary(m));
        if (m.successful !== true) {
            return;
        }
        const again = handshakes.filter((h) => h.successful === true).length > 1;
        cometd.subscribe(channel, (d) => got.push(d.data), (reply) => {
            if (reply.successful !== true) {
                fail(`subscribe after ${again ? "re-" : ""}handshake failed`, {reply: summary(reply)});
            }
            emit(again ? "resubscribed" : "ready", {transport: transportType(cometd),
                sinceConnectionLost: again && firstFailureAt !== null ? elapsed() - firstFailureAt : undefined});
        });
    });
    cometd.handshake();
    await until(params.waitMillis || 60000, `${expect} message(s) on ${channel} (got ${got.length})`, () => got.length >= expect);
    await sleep(1000); // a duplicate would show up here
    const result = {transport: transportType(cometd), received: got, handshakes};
    if (got.length !== expect) {
        fail(`expected ${expect} message(s), got ${got.length}`, result);
    }
    await finish(cometd, result);
});
