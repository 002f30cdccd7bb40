package org.orbited.node.bayeux;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code advice} object of a reply (reference section 2), or a client's hint in a request.
 *
 * <p>Every field is optional; an absent field is not written. Written field order is fixed, as CometD 8.0.9
 * writes it: {@code multiple-clients, interval, timeout, maxInterval, reconnect}. Section 2 decides that we send
 * no {@code maxInterval} (CometD neither); the field exists so a client hint can be read and for completeness,
 * and is written only when set. Immutable; the {@code with...} methods return copies.
 */
public final class Advice {

    /** The {@code reconnect} values. */
    public enum Reconnect {
        /** Connect again after {@code interval}. */
        RETRY("retry"),
        /** The session is gone: handshake again, do not retry connect. */
        HANDSHAKE("handshake"),
        /** Stop: neither retry nor handshake. */
        NONE("none");

        private final String wire;

        Reconnect(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }

        /** The value for a wire string, or empty for anything else (case-sensitive). */
        public static Optional<Reconnect> fromWire(String s) {
            for (Reconnect r : values()) {
                if (r.wire.equals(s)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    /** No field set. */
    public static final Advice EMPTY = new Advice(null, null, null, null, null);

    private final Reconnect reconnect;
    private final Long timeout;
    private final Long interval;
    private final Boolean multipleClients;
    private final Long maxInterval;

    private Advice(Reconnect reconnect, Long timeout, Long interval, Boolean multipleClients, Long maxInterval) {
        this.reconnect = reconnect;
        this.timeout = timeout;
        this.interval = interval;
        this.multipleClients = multipleClients;
        this.maxInterval = maxInterval;
    }

    /** Advice with only {@code reconnect} set. */
    public static Advice reconnect(Reconnect reconnect) {
        return EMPTY.withReconnect(reconnect);
    }

    /**
     * The full advice of a successful handshake reply and of a first connect reply (section 2), with the defaults
     * of section 11: {@code {"interval":0,"timeout":30000,"reconnect":"retry"}}.
     */
    public static Advice defaults() {
        return full(BayeuxDefaults.TIMEOUT_MS, BayeuxDefaults.INTERVAL_MS);
    }

    /** {@code {interval, timeout, "reconnect":"retry"}} for configured values. */
    public static Advice full(long timeoutMs, long intervalMs) {
        return new Advice(Reconnect.RETRY, timeoutMs, intervalMs, null, null);
    }

    /**
     * Reads an advice object leniently, as a client hint: fields of the wrong type and unknown {@code reconnect}
     * values are ignored, never an error. A non-object gives {@link #EMPTY}.
     */
    public static Advice fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            return EMPTY;
        }
        JsonNode r = node.get("reconnect");
        JsonNode mc = node.get("multiple-clients");
        return new Advice(
                r != null && r.isTextual() ? Reconnect.fromWire(r.textValue()).orElse(null) : null,
                integral(node.get("timeout")),
                integral(node.get("interval")),
                mc != null && mc.isBoolean() ? mc.booleanValue() : null,
                integral(node.get("maxInterval")));
    }

    private static Long integral(JsonNode n) {
        return n != null && n.isIntegralNumber() && n.canConvertToLong() ? n.longValue() : null;
    }

    public Advice withReconnect(Reconnect value) {
        return new Advice(Objects.requireNonNull(value, "reconnect"), timeout, interval, multipleClients, maxInterval);
    }

    public Advice withTimeout(long ms) {
        return new Advice(reconnect, ms, interval, multipleClients, maxInterval);
    }

    /** A negative interval tells the client not to reconnect (section 2). */
    public Advice withInterval(long ms) {
        return new Advice(reconnect, timeout, ms, multipleClients, maxInterval);
    }

    public Advice withMultipleClients(boolean value) {
        return new Advice(reconnect, timeout, interval, value, maxInterval);
    }

    public Advice withMaxInterval(long ms) {
        return new Advice(reconnect, timeout, interval, multipleClients, ms);
    }

    public Optional<Reconnect> reconnect() {
        return Optional.ofNullable(reconnect);
    }

    public OptionalLong timeout() {
        return timeout == null ? OptionalLong.empty() : OptionalLong.of(timeout);
    }

    public OptionalLong interval() {
        return interval == null ? OptionalLong.empty() : OptionalLong.of(interval);
    }

    public Optional<Boolean> multipleClients() {
        return Optional.ofNullable(multipleClients);
    }

    public OptionalLong maxInterval() {
        return maxInterval == null ? OptionalLong.empty() : OptionalLong.of(maxInterval);
    }

    public boolean isEmpty() {
        return equals(EMPTY);
    }

    /** This advice as a fresh JSON object, fields in the written order. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        if (multipleClients != null) {
            o.put("multiple-clients", multipleClients);
        }
        if (interval != null) {
            o.put("interval", interval);
        }
        if (timeout != null) {
            o.put("timeout", timeout);
        }
        if (maxInterval != null) {
            o.put("maxInterval", maxInterval);
        }
        if (reconnect != null) {
            o.put("reconnect", reconnect.wire());
        }
        return o;
    }

    /** Writes this advice as one JSON object value (the caller has written the field name, if any). */
    public void writeTo(JsonGenerator g) throws IOException {
        g.writeStartObject();
        if (multipleClients != null) {
            g.writeBooleanField("multiple-clients", multipleClients);
        }
        if (interval != null) {
            g.writeNumberField("interval", interval);
        }
        if (timeout != null) {
            g.writeNumberField("timeout", timeout);
        }
        if (maxInterval != null) {
            g.writeNumberField("maxInterval", maxInterval);
        }
        if (reconnect != null) {
            g.writeStringField("reconnect", reconnect.wire());
        }
        g.writeEndObject();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Advice)) {
            return false;
        }
        Advice a = (Advice) o;
        return reconnect == a.reconnect && Objects.equals(timeout, a.timeout) && Objects.equals(interval, a.interval)
                && Objects.equals(multipleClients, a.multipleClients) && Objects.equals(maxInterval, a.maxInterval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(reconnect, timeout, interval, multipleClients, maxInterval);
    }

    @Override
    public String toString() {
        return "Advice{reconnect=" + reconnect + ", timeout=" + timeout + ", interval=" + interval
                + ", multipleClients=" + multipleClients + ", maxInterval=" + maxInterval + "}";
    }
}
