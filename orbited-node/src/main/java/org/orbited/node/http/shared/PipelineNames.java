package org.orbited.node.http.shared;

/**
 * The names of the handlers in a browser connection's pipeline on the HTTP port, in the order
 * {@code HttpServerInitializer} adds them, then the names the upgrades put in. Every class that looks a handler up,
 * removes or replaces it uses these constants. (The Orbit port's pipeline is named in
 * {@code orbit.OrbitServerInitializer}.)
 */
public final class PipelineNames {
    /**
     * Idle timeout ({@code http.idle_timeout}): no byte for that long closes the connection, unless the node is still
     * producing an answer ({@link #PIPELINING} drops the event then); removed for comet streams and WebSockets.
     */
    public static final String HTTP_IDLE = "http-idle";
    /** Flush consolidation of HTTP responses; removed when a connection takes the channel over (it drains itself). */
    public static final String FLUSH = "flush";
    /** Notes when a request's first bytes arrive, for {@code http.head_timeout}; right before the codec. */
    public static final String REQUEST_START = "request-start";
    /** Netty's {@code HttpServerCodec}. */
    public static final String HTTP_CODEC = "http-codec";
    /**
     * {@code http.PipeliningHandler}: one request at a time ({@code http.max_pipelined}), in time
     * ({@code http.head_timeout}); right after the codec. Leaves with {@link #REQUEST_START} and the codec.
     */
    public static final String PIPELINING = "pipelining";
    /** The Bayeux endpoint ({@code bayeux.netty.BayeuxHttpHandler}), before the router when Bayeux is enabled. */
    public static final String BAYEUX = "bayeux";
    /** {@code http.HttpRouterHandler}. */
    public static final String ROUTER = "router";
    /** The development proxy ({@code http.ProxyHandler}), last. */
    public static final String PROXY = "proxy";

    /** Comet WebSocket: reader-idle timeout, in the router's place after the upgrade. */
    public static final String WS_IDLE = "ws-idle";
    /** Comet WebSocket: Netty's UTF-8 check of text frames, before {@link #WS_IDLE}. */
    public static final String WS_UTF8 = "ws-utf8";
    /** Comet WebSocket: the frame handler behind {@link #WS_IDLE}. */
    public static final String WS_FRAMES = "ws-frames";

    /** Bayeux WebSocket: reader-idle timeout, in the Bayeux endpoint's place after the upgrade. */
    public static final String BAYEUX_WS_IDLE = "bayeux-ws-idle";
    /** Bayeux WebSocket: continuation frames aggregated up to {@code bayeux.max_message_size}. */
    public static final String BAYEUX_WS_AGGREGATOR = "bayeux-ws-aggregator";
    /** Bayeux WebSocket: the handler that hands each text frame to the engine. */
    public static final String BAYEUX_WS = "bayeux-ws";

    private PipelineNames() {
    }
}
