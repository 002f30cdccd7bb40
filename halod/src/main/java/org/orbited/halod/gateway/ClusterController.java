package org.orbited.halod.gateway;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.orbited.halod.core.ClusterTable;
import org.orbited.halod.core.FailureDetector;
import org.orbited.halod.core.NodeRecord;
import org.orbited.halod.core.RecoveryGrace;
import org.orbited.halod.core.TableChange;
import org.orbited.halod.link.Bye;
import org.orbited.halod.link.ByeReason;
import org.orbited.halod.link.Drain;
import org.orbited.halod.link.GatewayHeartbeat;
import org.orbited.halod.link.LinkCodec;
import org.orbited.halod.link.LinkMessage;
import org.orbited.halod.link.LinkProtocolException;
import org.orbited.halod.link.NodeHeartbeat;
import org.orbited.halod.link.Register;
import org.orbited.halod.link.Registered;
import org.orbited.halod.link.Sender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's control logic: every node link, the current {@link ClusterTable}, the failure detector and the
 * recovery grace. <b>Everything runs on one thread</b>, the control event loop that also serves every control link,
 * so table changes are computed one at a time from the current table and applied with {@link ChangeSequence}.
 *
 * <p>Per link: REGISTER (token compared with {@link MessageDigest#isEqual}; a duplicate live name gets BYE
 * {@code duplicate-name}; during the recovery grace a node of the stored table with its id keeps its place, an
 * unknown or foreign id is refused with BYE {@code protocol}; otherwise the reserve rule registers it), then
 * REGISTERED and ROUTES. Every line counts as a sign of life. HEARTBEAT records the load and {@code applied};
 * DRAIN removes the node (ROUTE_MOVED, ROUTES with the empty set), its BYE {@code drained} is answered with BYE
 * {@code drained}. EOF/RST, BYE {@code shutdown}, a protocol error or {@code missLimit} silent intervals of a
 * registered node are a failure: the node is removed and every relayed client socket paired with it closed.
 * Protocol errors are logged with the reason and end only that link.
 */
final class ClusterController {
    private static final Logger log = LoggerFactory.getLogger(ClusterController.class);

    private final GatewayConfig config;
    private final EventLoop loop;
    private final RelayServer relay;
    private final ChangeSequence changes;
    private final byte[] token;
    private final FailureDetector<LinkSession> detector;
    private final Map<String, LinkSession> live = new LinkedHashMap<>();
    private final List<LinkSession> links = new ArrayList<>();
    private ClusterTable table;
    private RecoveryGrace grace;
    private long moves;
    private long failovers;
    private long gatewaySeq;
    private boolean stopping;

    ClusterController(GatewayConfig config, EventLoop loop, RelayServer relay, ChangeSequence changes,
                      ClusterTable initial) {
        this.config = config;
        this.loop = loop;
        this.relay = relay;
        this.changes = changes;
        this.token = config.token().getBytes(StandardCharsets.UTF_8);
        this.detector = new FailureDetector<>(config.heartbeat(), ClusterController::nowMs);
        this.table = initial;
        this.grace = initial.nodes().isEmpty() ? null
                : new RecoveryGrace(initial, config.recoveryGraceMs(), ClusterController::nowMs);
        relay.publish(RelayTargets.of(initial));
    }

    static long nowMs() {
        return System.nanoTime() / 1_000_000;
    }

    /** Starts the heartbeat / detector timer. */
    void start() {
        long hb = config.heartbeat().heartbeatMs();
        loop.scheduleAtFixedRate(this::tick, hb, hb, TimeUnit.MILLISECONDS);
    }

    // ---- link events (control thread) ----

    LinkSession opened(Channel ch) {
        LinkSession s = new LinkSession(ch);
        links.add(s);
        long limit = config.heartbeat().failAfterMs();
        s.registerTimeout = loop.schedule(() -> {
            if (!s.isRegistered()) {
                protocolError(s, "no REGISTER within " + limit + " ms");
            }
        }, limit, TimeUnit.MILLISECONDS);
        return s;
    }

    void line(LinkSession s, byte[] line) {
        if (s.closing()) {
            return;
        }
        LinkMessage m;
        try {
            m = LinkCodec.INSTANCE.decode(line, Sender.NODE);
        } catch (LinkProtocolException e) {
            protocolError(s, e.getMessage());
            return;
        }
        if (s.isRegistered()) {
            detector.seen(s);
        }
        if (m instanceof Register r) {
            register(s, r);
        } else if (!s.isRegistered()) {
            protocolError(s, m.type() + " before REGISTER");
        } else if (m instanceof NodeHeartbeat hb) {
            s.heartbeat(hb, nowMs());
            if (s.operatorDrain() && hb.applied() >= s.drainVersion()) {
                log.info("node '{}' drained by the operator (applied {}); BYE drained", s.name(), hb.applied());
                s.bye(ByeReason.DRAINED);
                live.remove(s.name());
                detector.forget(s);
            }
        } else if (m instanceof Drain) {
            drain(s);
        } else if (m instanceof Bye bye) {
            nodeBye(s, bye.reason());
        }
    }

    void protocolError(LinkSession s, String reason) {
        log.warn("control link: {}: {}; BYE protocol", s.describe(), reason);
        s.bye(ByeReason.PROTOCOL);
        fail(s, "protocol error");
    }

    void closed(LinkSession s, int partialLineBytes) {
        links.remove(s);
        if (partialLineBytes > 0 && !s.closing()) {
            log.warn("control link: {} closed in the middle of a line ({} bytes unterminated)", s.describe(),
                    partialLineBytes);
        }
        if (s.registerTimeout != null) {
            s.registerTimeout.cancel(false);
        }
        fail(s, "control link closed");
    }

    // ---- REGISTER ----

    private void register(LinkSession s, Register r) {
        if (s.isRegistered()) {
            protocolError(s, "REGISTER on a registered link");
            return;
        }
        if (!MessageDigest.isEqual(token, r.token().getBytes(StandardCharsets.UTF_8))) {
            protocolError(s, "REGISTER of '" + r.name() + "' with a wrong token");
            return;
        }
        try {
            RelayTargets.address(r.browser());
            RelayTargets.address(r.app());
        } catch (IllegalArgumentException e) {
            protocolError(s, "REGISTER of '" + r.name() + "': " + e.getMessage());
            return;
        }
        if (live.containsKey(r.name())) {
            log.warn("control link: {}: name '{}' is held by a live link; BYE duplicate-name", s.describe(),
                    r.name());
            s.bye(ByeReason.DUPLICATE_NAME);
            return;
        }
        closeGraceIfOver();
        if (grace != null && grace.reclaim(table, r.name(), r.id())) {
            log.info("node '{}' re-claimed id {} after the restart: nothing moves", r.name(), r.id());
            admit(s, r.name());
            s.send(ChangeSequence.routesOf(table, r.name()));
            return;
        }
        if (grace != null && r.id() > 0) {
            String holder = table.node(r.id()).map(NodeRecord::name).orElse(null);
            if (holder == null || !holder.equals(r.name())) {
                protocolError(s, "REGISTER of '" + r.name() + "' re-claims id " + r.id() + ", which the stored "
                        + "table " + (holder == null ? "does not know" : "gives to '" + holder + "'"));
                return;
            }
        }
        if (table.node(r.name()).isPresent()) {
            // a stale entry of this name (wrong id during the grace): it leaves, then the node joins anew
            if (!applyChange(table.remove(r.name()))) {
                s.bye(ByeReason.SHUTDOWN);
                return;
            }
        }
        TableChange change = table.register(r.name(), r.browser(), r.app());
        if (!commit(change)) {
            s.bye(ByeReason.SHUTDOWN);
            return;
        }
        admit(s, r.name());
        log.info("node '{}' registered as {} id {} ({} routes), table version {}", r.name(),
                table.node(r.name()).orElseThrow().role().wire(), table.node(r.name()).orElseThrow().id(),
                table.routesOf(r.name()).size(), table.version());
        changes.announce(change, live);
    }

    private void admit(LinkSession s, String name) {
        s.registered(name);
        live.put(name, s);
        detector.seen(s);
        s.heartbeat(new NodeHeartbeat(0, 0, 0, 0, 0), nowMs());
        NodeRecord n = table.node(name).orElseThrow();
        s.send(new Registered(n.id(), n.role(), table.routes(), "relay", config.heartbeat().heartbeatMs(),
                config.heartbeat().missLimit(), config.heartbeat().fenceMs(), config.ports().browserBase(),
                config.ports().appBase()));
    }

    // ---- drain, BYE, failure ----

    /** The operator's drain (admin port) or the node's DRAIN: an error text, or null when the drain started. */
    String drainByName(String name) {
        LinkSession s = live.get(name);
        if (s == null) {
            return table.node(name).isPresent() ? "node '" + name + "' has no live control link"
                    : "no node named '" + name + "'";
        }
        if (s.draining()) {
            return null;
        }
        s.operatorDrain(true);
        drain(s);
        return s.draining() ? null : "the table could not be stored; see the log";
    }

    private void drain(LinkSession s) {
        if (s.draining()) {
            return;
        }
        TableChange change = table.remove(s.name());
        if (!commit(change)) {
            return;
        }
        s.draining(change.version());
        s.gone(true);
        log.info("node '{}' drains: {} routes move, table version {}", s.name(), change.moves().size(),
                change.version());
        changes.announce(change, live);
    }

    private void nodeBye(LinkSession s, ByeReason reason) {
        if (s.draining() && reason == ByeReason.DRAINED) {
            log.info("node '{}' drained (applied {}, drain version {}); BYE drained", s.name(),
                    s.load().applied(), s.drainVersion());
            s.bye(ByeReason.DRAINED);
            live.remove(s.name());
            detector.forget(s);
            return;
        }
        log.info("control link: {} said BYE {}", s.describe(), reason.wire());
        s.bye(ByeReason.SHUTDOWN);
        fail(s, "BYE " + reason.wire());
    }

    private void fail(LinkSession s, String why) {
        detector.forget(s);
        if (stopping) {
            return; // the gateway is going down: the stored table keeps every node for the next start
        }
        if (!s.isRegistered() || live.get(s.name()) != s) {
            return;
        }
        live.remove(s.name());
        int closed = relay.tracker().closeNode(s.name());
        if (s.gone()) {
            return;
        }
        s.gone(true);
        if (table.node(s.name()).isEmpty()) {
            return;
        }
        TableChange change = table.remove(s.name());
        if (commit(change)) {
            failovers++;
            log.warn("node '{}' failed ({}): {} routes moved, {} relayed connections closed, table version {}",
                    s.name(), why, change.moves().size(), closed, change.version());
            changes.announce(change, live);
        }
    }

    private boolean applyChange(TableChange change) {
        if (!commit(change)) {
            return false;
        }
        changes.announce(change, live);
        return true;
    }

    /** Stores the change and makes it current (change sequence steps 2 and 3); false when the save failed. */
    private boolean commit(TableChange change) {
        if (!changes.commit(change)) {
            return false;
        }
        table = change.table();
        moves += change.moves().stream().filter(m -> m.fromName() != null).count();
        return true;
    }

    // ---- timer ----

    private void tick() {
        for (LinkSession s : List.copyOf(live.values())) {
            if (!s.channel().isActive()) {
                continue; // closing: closed() follows on this thread
            }
            if (!s.channel().isWritable()) {
                log.warn("control link: {} does not read (write buffer full); closing", s.describe());
                s.channel().close();
                continue;
            }
            s.send(new GatewayHeartbeat(gatewaySeq, table.version()));
        }
        gatewaySeq++;
        for (LinkSession s : detector.tick()) {
            log.warn("control link: {} silent for {} ms; BYE fenced", s.describe(), config.heartbeat().failAfterMs());
            s.bye(ByeReason.FENCED);
            fail(s, "silent");
        }
        closeGraceIfOver();
    }

    private void closeGraceIfOver() {
        if (grace == null) {
            return;
        }
        List<String> gone = grace.expired();
        if (gone.isEmpty() && grace.open()) {
            return;
        }
        grace = grace.open() ? grace : null;
        for (String name : gone) {
            if (!live.containsKey(name) && table.node(name).isPresent()) {
                TableChange change = table.remove(name);
                if (applyChange(change)) {
                    failovers++;
                    log.warn("node '{}' did not return within the recovery grace: removed, {} routes moved",
                            name, change.moves().size());
                }
            }
        }
    }

    // ---- admin and shutdown (control thread) ----

    ClusterTable table() {
        return table;
    }

    Map<String, LinkSession> live() {
        return live;
    }

    long moves() {
        return moves;
    }

    long failovers() {
        return failovers;
    }

    /** BYE shutdown to every link (nodes keep their routes and re-register when a gateway is back). */
    void shutdown() {
        stopping = true;
        for (LinkSession s : List.copyOf(links)) {
            s.bye(ByeReason.SHUTDOWN);
        }
    }
}
