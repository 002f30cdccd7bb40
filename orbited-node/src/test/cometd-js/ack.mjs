// The AckExtension: the handshake reply must enable acknowledgements (ext.ack true or {enabled:true}), each
// later /meta/connect carries ext.ack = the batch of the last connect reply, connect replies carry
// ext.ack numbers. 200 messages published by this client come back all, in order, once.
//   params: {channel?, count?}
import {AckExtension} from "cometd";
import {args, hardTimeout, run, newClient, handshake, subscribe, publish, within, until, sleep, transportType,
    fail, finish} from "./lib/harness.mjs";

hardTimeout(60000, "ack");
const {url, transports, params} = args();
const channel = params.channel || "/chat/ack";
const count = params.count || 200;

run(async () => {
    const cometd = newClient(url, transports, {extensions: {ack: new AckExtension()}});
    await handshake(cometd);
    const got = [];
    await subscribe(cometd, channel, (m) => got.push(m.data.n));
    const replies = [];
    for (let i = 0; i < count; i++) {
        replies.push(publish(cometd, channel, {n: i}, 30000));
    }
    await within(30000, `${count} publish replies`, Promise.all(replies));
    await until(30000, `${count} messages back (got ${got.length})`, () => got.length >= count);
    await sleep(500);
    const ext = ackTrail(cometd.seen);
    const result = {transport: transportType(cometd), received: got.length, ...ext};
    if (ext.handshakeRequestAck !== true) {
        fail("the client did not ask for acks in its handshake (harness assumption broken)", result);
    }
    if (!(ext.handshakeReplyAck === true || (ext.handshakeReplyAck && ext.handshakeReplyAck.enabled === true))) {
        fail(`the handshake reply did not enable acks: ext.ack = ${JSON.stringify(ext.handshakeReplyAck)}`, result);
    }
    if (ext.connectReplyAcks.length === 0 || ext.connectReplyAcks.some((a) => typeof a !== "number")) {
        fail("successful connect replies must carry a numeric ext.ack", result);
    }
    if (ext.connectRequestAcks.some((a) => typeof a !== "number")) {
        fail("the client sent a connect without a numeric ext.ack", result);
    }
    if (got.length !== count || got.some((n, i) => n !== i)) {
        const firstWrong = got.findIndex((n, i) => n !== i);
        fail(`expected ${count} messages in order, got ${got.length}`,
            {...result, firstWrongIndex: firstWrong, around: got.slice(Math.max(0, firstWrong - 3), firstWrong + 5)});
    }
    await finish(cometd, result);
});

function ackTrail(seen) {
    const out = {handshakeRequestAck: undefined, handshakeReplyAck: undefined, connectRequestAcks: [], connectReplyAcks: []};
    for (const {dir, message} of seen) {
        const ack = message.ext ? message.ext.ack : undefined;
        if (message.channel === "/meta/handshake") {
            if (dir === "out") out.handshakeRequestAck = ack;
            else out.handshakeReplyAck = ack;
        } else if (message.channel === "/meta/connect") {
            if (dir === "out") out.connectRequestAcks.push(ack);
            else if (message.successful === true) out.connectReplyAcks.push(ack);
        }
    }
    // Keep the result line short.
    out.connects = out.connectRequestAcks.length;
    out.connectRequestAcks = out.connectRequestAcks.slice(0, 30);
    out.connectReplyAcks = out.connectReplyAcks.slice(0, 30);
    return out;
}
