// Subscriptions to /chat/* and /chat/** from one client. Publishes to /chat/a, /chat/a/b, /chat and
// /chatroom. /chat/* must see only /chat/a, /chat/** both /chat/a and /chat/a/b; neither sees /chat or
// /chatroom. The client dispatches one delivery to every matching local subscription, so a server that sent
// a second copy for the overlapping patterns shows up as a count of 2.
//   params: {}
import {args, hardTimeout, run, newClient, handshake, subscribe, publish, until, sleep, transportType, fail,
    finish} from "./lib/harness.mjs";

hardTimeout(30000, "wildcards");
const {url, transports} = args();

run(async () => {
    const cometd = newClient(url, transports);
    await handshake(cometd);
    const one = [];
    const many = [];
    const marker = [];
    await subscribe(cometd, "/chat/*", (m) => one.push(m.channel));
    await subscribe(cometd, "/chat/**", (m) => many.push(m.channel));
    await subscribe(cometd, "/marker", (m) => marker.push(m.data));
    for (const ch of ["/chat/a", "/chat/a/b", "/chat", "/chatroom"]) {
        await publish(cometd, ch, {to: ch});
    }
    // Deliveries on one session arrive in publish order: once the marker is here, everything before it is.
    await publish(cometd, "/marker", "end");
    await until(10000, "the marker delivery", () => marker.length === 1);
    await sleep(300);
    const result = {transport: transportType(cometd), star: one, starStar: many};
    if (JSON.stringify(one) !== JSON.stringify(["/chat/a"])) {
        fail(`/chat/* saw ${JSON.stringify(one)}, expected ["/chat/a"]`, result);
    }
    if (JSON.stringify(many) !== JSON.stringify(["/chat/a", "/chat/a/b"])) {
        fail(`/chat/** saw ${JSON.stringify(many)}, expected ["/chat/a","/chat/a/b"]`, result);
    }
    await finish(cometd, result);
});
