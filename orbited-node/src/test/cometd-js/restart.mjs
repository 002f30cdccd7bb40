// Survives a server restart. A /meta/handshake listener (re)subscribes on every successful handshake, as
// applications do. Prints {"event":"ready"} once the first subscription and the first connect have succeeded
// and the next connect has been held by the server for 200 ms (so the restart finds a parked connect, the
// usual state of a long-polling client); prints {"event":"resubscribed"} after the subscription made by a
// re-handshake; then waits for params.expect messages and checks each arrived once.
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
    let subscribed = false;
    let connectedOnce = false;
    const readyOnce = () => {
        if (subscribed && connectedOnce && !readyOnce.done) {
            readyOnce.done = true;
            until(10000, "a held /meta/connect", () => heldFor() >= 200)
                .then(() => emit("ready", {transport: transportType(cometd)}))
                .catch((e) => fail(e.message));
        }
    };
    // How long the last /meta/connect sent has been waiting for its reply (0: none waiting).
    const heldFor = () => {
        const connects = cometd.seen.filter((x) => x.message.channel === "/meta/connect");
        const last = connects[connects.length - 1];
        return last && last.dir === "out" ? elapsed() - last.at : 0;
    };
    cometd.addListener("/meta/connect", (m) => {
        if (m.successful === true) {
            connectedOnce = true;
            readyOnce();
        }
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
            if (again) {
                emit("resubscribed", {transport: transportType(cometd),
                    sinceConnectionLost: firstFailureAt !== null ? elapsed() - firstFailureAt : undefined});
            } else {
                subscribed = true;
                readyOnce();
            }
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
