// Wildcard subscriptions from one client, checked on the wire (the deliveries the server sends) as well as
// in the listeners (the client also matches patterns locally, so a listener alone cannot show that the
// server sent something it should not have).
//   1. subscribe /chat/*; publish to /chat/a, /chat/a/b, /chat, /chatroom: exactly one delivery, /chat/a.
//   2. also subscribe /chat/**; publish again: exactly /chat/a and /chat/a/b, one copy each although /chat/a
//      matches both patterns; the /chat/* listener sees /chat/a, the /chat/** listener both.
// A /marker publish ends each round: deliveries to one session arrive in publish order.
//   params: {}
import {args, hardTimeout, run, newClient, handshake, subscribe, publish, until, sleep, transportType, fail,
    finish} from "./lib/harness.mjs";

hardTimeout(30000, "wildcards");
const {url, transports} = args();
const TARGETS = ["/chat/a", "/chat/a/b", "/chat", "/chatroom"];

run(async () => {
    const cometd = newClient(url, transports);
    await handshake(cometd);
    const star = [];
    const starStar = [];
    const markers = [];
    await subscribe(cometd, "/marker", (m) => markers.push(m.data));

    async function round(n) {
        const from = cometd.seen.length;
        for (const ch of TARGETS) {
            await publish(cometd, ch, {to: ch, round: n});
        }
        await publish(cometd, "/marker", n);
        await until(10000, `marker ${n}`, () => markers.includes(n));
        await sleep(200);
        return cometd.seen.slice(from)
            .filter((s) => s.dir === "in" && s.message.data !== undefined && s.message.channel !== "/marker")
            .map((s) => s.message.channel);
    }

    await subscribe(cometd, "/chat/*", (m) => star.push(m.channel));
    const wire1 = await round(1);
    const afterRound1 = {star: star.slice(), starStar: starStar.slice()};
    await subscribe(cometd, "/chat/**", (m) => starStar.push(m.channel));
    const wire2 = await round(2);
    const result = {transport: transportType(cometd), wire1, wire2, star, starStar};
    if (JSON.stringify(wire1) !== JSON.stringify(["/chat/a"])) {
        fail(`with /chat/* the server delivered ${JSON.stringify(wire1)}, expected ["/chat/a"]`, result);
    }
    if (JSON.stringify(afterRound1.star) !== JSON.stringify(["/chat/a"])) {
        fail(`the /chat/* listener saw ${JSON.stringify(afterRound1.star)} in round 1`, result);
    }
    if (JSON.stringify(wire2) !== JSON.stringify(["/chat/a", "/chat/a/b"])) {
        fail(`with /chat/* and /chat/** the server delivered ${JSON.stringify(wire2)}, expected ["/chat/a","/chat/a/b"]`, result);
    }
    if (JSON.stringify(star) !== JSON.stringify(["/chat/a", "/chat/a"])
        || JSON.stringify(starStar) !== JSON.stringify(["/chat/a", "/chat/a/b"])) {
        fail("listeners saw the wrong channels", result);
    }
    await finish(cometd, result);
});
