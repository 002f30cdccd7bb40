// Handshake, wait for CONNECTED (a connect is then parked on the server), disconnect: the callback must be
// successful, the client must report "disconnected", and the process must then exit by itself, with
// nothing (socket, timer) left keeping it alive. No process.exit() on the success path.
//   params: {lingerMillis?}
import {args, hardTimeout, run, newClient, handshake, connected, disconnect, sleep, transportType, summary, fail,
    emit} from "./lib/harness.mjs";

hardTimeout(30000, "disconnect");
const {url, transports, params} = args();

run(async () => {
    const cometd = newClient(url, transports);
    await handshake(cometd);
    await connected(cometd);
    const transport = transportType(cometd);
    await sleep(200); // let the next connect be parked
    const reply = await disconnect(cometd, 5000);
    if (reply.successful !== true) {
        fail("disconnect callback was not successful", {reply: summary(reply)});
    }
    if (cometd.getStatus() !== "disconnected") {
        fail(`status after disconnect is ${cometd.getStatus()}`);
    }
    const connectReplies = cometd.seen.filter((s) => s.dir === "in" && s.message.channel === "/meta/connect")
        .map((s) => summary(s.message));
    emit("disconnected", {transport, reply: summary(reply), lastConnectReply: connectReplies[connectReplies.length - 1]});
    // From here the event loop must drain. If something still holds it after lingerMillis, say what.
    setTimeout(() => {
        const handles = process._getActiveHandles().map((h) => h.constructor && h.constructor.name);
        fail(`the process did not exit within ${params.lingerMillis || 5000} ms of the disconnect`, {handles});
    }, params.lingerMillis || 5000).unref();
    process.on("exit", (code) => {
        if (code === 0) {
            process.stdout.write(JSON.stringify({ok: true, transport, reply: summary(reply)}) + "\n");
        }
    });
});
