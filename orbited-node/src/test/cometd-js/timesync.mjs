// The TimeSyncExtension: the handshake succeeds, /meta replies carry ext.timesync {tc, ts, p} (tc echoing
// the request), and after a few connects getTimeOffset() and getNetworkLag() are finite numbers (a reply
// without p or ts makes them NaN).
//   params: {connects?}
import {TimeSyncExtension} from "cometd";
import {args, hardTimeout, run, newClient, handshake, until, transportType, fail, finish} from "./lib/harness.mjs";

hardTimeout(30000, "timesync");
const {url, transports, params} = args();

run(async () => {
    const timesync = new TimeSyncExtension();
    const cometd = newClient(url, transports, {extensions: {timesync}});
    await handshake(cometd);
    let connects = 0;
    cometd.addListener("/meta/connect", (m) => { if (m.successful) connects++; });
    // The first connect is answered at once; the second after the server's timeout (3 s in the tests).
    await until(15000, "2 successful connects", () => connects >= 2);
    const replies = cometd.seen.filter((s) => s.dir === "in" && s.message.channel.startsWith("/meta/"));
    const stamped = replies.filter((s) => s.message.ext && s.message.ext.timesync).map((s) => s.message.ext.timesync);
    const sentTc = new Set(cometd.seen.filter((s) => s.dir === "out" && s.message.ext && s.message.ext.timesync)
        .map((s) => s.message.ext.timesync.tc));
    const result = {transport: transportType(cometd), offset: timesync.getTimeOffset(), lag: timesync.getNetworkLag(),
        metaReplies: replies.length, timesyncReplies: stamped.length, sample: stamped[0]};
    if (stamped.length === 0) {
        fail("no /meta reply carried ext.timesync", result);
    }
    const bad = stamped.find((t) => !Number.isFinite(t.tc) || !Number.isFinite(t.ts) || !Number.isFinite(t.p) || !sentTc.has(t.tc));
    if (bad) {
        fail(`ext.timesync ${JSON.stringify(bad)} lacks a numeric tc (echoed), ts or p`, result);
    }
    if (!Number.isFinite(result.offset) || !Number.isFinite(result.lag)) {
        fail("getTimeOffset()/getNetworkLag() are not finite numbers", result);
    }
    await finish(cometd, result);
});
