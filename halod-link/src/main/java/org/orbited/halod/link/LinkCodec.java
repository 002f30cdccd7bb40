package org.orbited.halod.link;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The control-link codec: one {@link LinkMessage} ⇄ one JSON line (docs/halod.md section 2). Plain Java and Jackson;
 * the gateway's Netty handler and the node's {@link LinkClient} both wrap it.
 *
 * <p>Decoding is strict about what the protocol needs and lenient about the rest: unknown fields are ignored; a
 * missing or wrong-typed required field, a value out of range, an unknown {@code type}, a message the given
 * {@link Sender} may not send, or anything that is not one JSON object gives the matching
 * {@link LinkProtocolException}, whose message names the problem. Framing (the {@code \n} and the 1 MiB limit) is
 * {@link LineReader}'s job.
 *
 * <p>Thread-safe and stateless: one shared instance ({@link #INSTANCE}) serves every link.
 */
public final class LinkCodec {
    /** The shared codec. */
    public static final LinkCodec INSTANCE = new LinkCodec();

    private static final int MAX_PORT = 65535;
    private final ObjectMapper mapper = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private LinkCodec() {
    }

    /** The message as one JSON object, without the line terminator. */
    public String encode(LinkMessage message) {
        ObjectNode o = mapper.createObjectNode().put("type", message.type());
        if (message instanceof Register m) {
            o.put("proto", m.proto()).put("token", m.token()).put("name", m.name());
            if (m.id() > 0) {
                o.put("id", m.id());
            }
            o.put("browser", m.browser()).put("app", m.app()).put("capacity", m.capacity())
                    .put("tableVersion", m.tableVersion());
        } else if (message instanceof Registered m) {
            o.put("id", m.id()).put("role", m.role().wire()).put("routes", m.routes())
                    .put("dataPlane", m.dataPlane()).put("heartbeatMs", m.heartbeatMs())
                    .put("missLimit", m.missLimit()).put("fenceMs", m.fenceMs());
            if (m.browserBase() > 0) {
                o.put("browserBase", m.browserBase());
            }
            if (m.appBase() > 0) {
                o.put("appBase", m.appBase());
            }
        } else if (message instanceof Routes m) {
            routes(o.put("version", m.version()).put("id", m.id()).putArray("owned"), m.owned());
        } else if (message instanceof NodeHeartbeat m) {
            o.put("seq", m.seq()).put("connections", m.connections()).put("sessions", m.sessions())
                    .put("appConnections", m.appConnections()).put("applied", m.applied());
        } else if (message instanceof GatewayHeartbeat m) {
            o.put("seq", m.seq()).put("version", m.version());
        } else if (message instanceof RouteMoved m) {
            routes(o.put("version", m.version()).putArray("routes"), m.routes());
            o.put("to", m.to()).put("deadlineMs", m.deadlineMs());
        } else if (message instanceof Bye m) {
            o.put("reason", m.reason().wire());
        }
        return o.toString();
    }

    /** The message as UTF-8 bytes ending in {@code \n}, ready for the socket. */
    public byte[] encodeLine(LinkMessage message) {
        return (encode(message) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Decodes one line (without its {@code \n}; a trailing {@code \r} is tolerated as JSON whitespace) written by
     * {@code from}.
     */
    public LinkMessage decode(String line, Sender from) throws LinkProtocolException {
        JsonNode tree;
        try {
            tree = mapper.readTree(line);
        } catch (JacksonException e) {
            throw new MalformedLineException("not a JSON line: " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) { // an empty line reads as a missing node
            throw new MalformedLineException("a line must hold one JSON object, got "
                    + (tree == null || tree.isMissingNode() ? "nothing" : tree.getNodeType().toString().toLowerCase(java.util.Locale.ROOT)));
        }
        JsonNode typeNode = tree.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new InvalidFieldException("the message has no string field 'type'");
        }
        String type = typeNode.textValue();
        JsonFields f = new JsonFields(tree, type);
        return switch (type) {
            case "REGISTER" -> expect(from, Sender.NODE, type, () -> register(f));
            case "REGISTERED" -> expect(from, Sender.GATEWAY, type, () -> registered(f));
            case "ROUTES" -> expect(from, Sender.GATEWAY, type,
                    () -> new Routes(f.number("version", 0, Long.MAX_VALUE), f.integer("id", 0, Integer.MAX_VALUE),
                            f.routeList("owned")));
            case "HEARTBEAT" -> from == Sender.NODE
                    ? new NodeHeartbeat(f.number("seq", 0, Long.MAX_VALUE),
                            f.optionalNumber("connections", 0, Long.MAX_VALUE, 0),
                            f.optionalNumber("sessions", 0, Long.MAX_VALUE, 0),
                            f.optionalNumber("appConnections", 0, Long.MAX_VALUE, 0),
                            f.optionalNumber("applied", 0, Long.MAX_VALUE, 0))
                    : new GatewayHeartbeat(f.number("seq", 0, Long.MAX_VALUE), f.number("version", 0, Long.MAX_VALUE));
            case "ROUTE_MOVED" -> expect(from, Sender.GATEWAY, type, () -> routeMoved(f));
            case "DRAIN" -> expect(from, Sender.NODE, type, Drain::new);
            case "BYE" -> bye(f);
            default -> throw new UnknownTypeException("unknown message type '" + shorten(type) + "'");
        };
    }

    /** Decodes one line given as UTF-8 bytes (as {@link LineReader} returns them). */
    public LinkMessage decode(byte[] utf8Line, Sender from) throws LinkProtocolException {
        return decode(Utf8.decode(utf8Line), from);
    }

    private static Register register(JsonFields f) throws InvalidFieldException {
        int proto = f.integer("proto", 0, Integer.MAX_VALUE);
        if (proto != LinkLimits.PROTO) {
            throw new InvalidFieldException("REGISTER proto " + proto + " is not supported (this side speaks "
                    + LinkLimits.PROTO + ")");
        }
        return new Register(proto, f.text("token"), f.nonEmptyText("name"),
                f.optionalInteger("id", 0, Integer.MAX_VALUE, 0), f.nonEmptyText("browser"), f.nonEmptyText("app"),
                f.optionalNumber("capacity", 0, Long.MAX_VALUE, 0),
                f.optionalNumber("tableVersion", 0, Long.MAX_VALUE, 0));
    }

    private static Registered registered(JsonFields f) throws InvalidFieldException {
        int id = f.integer("id", 0, Integer.MAX_VALUE);
        String roleText = f.text("role");
        Role role = Role.fromWire(roleText);
        if (role == null) {
            throw new InvalidFieldException("REGISTERED role '" + shorten(roleText) + "' is neither active nor reserve");
        }
        return new Registered(id, role, f.integer("routes", 1, LinkLimits.MAX_ROUTES), f.nonEmptyText("dataPlane"),
                f.number("heartbeatMs", 1, Integer.MAX_VALUE), f.integer("missLimit", 1, Integer.MAX_VALUE),
                f.number("fenceMs", 1, Integer.MAX_VALUE), f.optionalInteger("browserBase", 1, MAX_PORT, 0),
                f.optionalInteger("appBase", 1, MAX_PORT, 0));
    }

    private static RouteMoved routeMoved(JsonFields f) throws InvalidFieldException {
        long version = f.number("version", 0, Long.MAX_VALUE);
        var routes = f.routeList("routes");
        if (routes.isEmpty()) {
            throw new InvalidFieldException("ROUTE_MOVED field 'routes' is empty");
        }
        return new RouteMoved(version, routes, f.integer("to", 1, Integer.MAX_VALUE),
                f.number("deadlineMs", 0, Integer.MAX_VALUE));
    }

    private static Bye bye(JsonFields f) throws InvalidFieldException {
        String text = f.text("reason");
        ByeReason reason = ByeReason.fromWire(text);
        if (reason == null) {
            throw new InvalidFieldException("BYE reason '" + shorten(text) + "' is not one of drained, shutdown, "
                    + "fenced, protocol, duplicate-name, superseded");
        }
        return new Bye(reason);
    }

    private static void routes(ArrayNode array, Set<Integer> routes) {
        routes.forEach(array::add);
    }

    private static LinkMessage expect(Sender from, Sender allowed, String type, Read read)
            throws LinkProtocolException {
        if (from != allowed) {
            throw new UnexpectedMessageException(type + " may only be sent by the "
                    + allowed.name().toLowerCase(java.util.Locale.ROOT));
        }
        return read.read();
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    @FunctionalInterface
    private interface Read {
        LinkMessage read() throws LinkProtocolException;
    }
}
