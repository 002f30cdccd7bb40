package org.orbited.node.bayeux;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One Bayeux message (reference section 1.2): an immutable view over its field map, with typed accessors for the
 * fields of the protocol. A field that is absent, JSON {@code null} or of the wrong type reads as empty; use
 * {@link #field(String)} to see the raw value, and {@link BayeuxValidation} to turn a bad message into the right
 * error.
 *
 * <p>Requests come from {@link BayeuxCodec#parse}; replies and deliveries are built with {@link #builder(String)},
 * {@link #replyTo(BayeuxMessage)} or {@link #delivery(String, JsonNode)} and written by {@link BayeuxCodec#write}.
 *
 * <p>The map is unmodifiable. The {@link JsonNode} values (notably {@code data} and {@code ext}) are shared, not
 * copied, so that a publication's data is passed through untouched and cheaply: treat them as read-only. The
 * codec builds fresh nodes for every parse, and the builder takes ownership of the nodes it is given.
 */
public final class BayeuxMessage {

    public static final String CHANNEL = "channel";
    public static final String ID = "id";
    public static final String CLIENT_ID = "clientId";
    public static final String DATA = "data";
    public static final String EXT = "ext";
    public static final String ADVICE = "advice";
    public static final String SUCCESSFUL = "successful";
    public static final String ERROR = "error";
    public static final String SUBSCRIPTION = "subscription";
    public static final String CONNECTION_TYPE = "connectionType";
    public static final String SUPPORTED_CONNECTION_TYPES = "supportedConnectionTypes";
    public static final String VERSION = "version";
    public static final String MINIMUM_VERSION = "minimumVersion";
    public static final String TIMESTAMP = "timestamp";

    /** The channel of a connect, shared by the {@link #forReply() reply stubs} of all waiting connects. */
    private static final TextNode META_CONNECT = TextNode.valueOf("/meta/connect");

    private final Map<String, JsonNode> fields;

    private BayeuxMessage(Map<String, JsonNode> fields) {
        this.fields = Collections.unmodifiableMap(fields);
    }

    /** Over a map that is immutable already ({@code Map.of}). */
    private BayeuxMessage(Map<String, JsonNode> immutable, boolean unused) {
        this.fields = immutable;
    }

    /**
     * What a reply to this message needs while it waits (a held or parked {@code /meta/connect}): its channel, its
     * {@code id} and its {@code ext} (the timesync answer reads it), and nothing else, so that an idle client does
     * not keep its whole parsed request for the connect timeout (about 400 bytes). The stub's field order is not
     * the request's: it is for {@link #replyTo} and the accessors, not for writing.
     */
    public BayeuxMessage forReply() {
        JsonNode channel = fields.get(CHANNEL);
        if (channel != null && channel.isTextual() && META_CONNECT.textValue().equals(channel.textValue())) {
            channel = META_CONNECT;
        }
        String[] names = {CHANNEL, ID, EXT};
        JsonNode[] values = {channel, fields.get(ID), fields.get(EXT)};
        String[] k = new String[3];
        JsonNode[] v = new JsonNode[3];
        int n = 0;
        for (int i = 0; i < names.length; i++) {
            if (values[i] != null) {
                k[n] = names[i];
                v[n++] = values[i];
            }
        }
        Map<String, JsonNode> m = switch (n) {
            case 0 -> Map.of();
            case 1 -> Map.of(k[0], v[0]);
            case 2 -> Map.of(k[0], v[0], k[1], v[1]);
            default -> Map.of(k[0], v[0], k[1], v[1], k[2], v[2]);
        };
        return new BayeuxMessage(m, true);
    }

    /** Wraps a field map (copied; insertion order kept). JSON {@code null} values are kept as such. */
    public static BayeuxMessage of(Map<String, JsonNode> fields) {
        Map<String, JsonNode> copy = new LinkedHashMap<>();
        fields.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "field name"),
                v == null ? JsonNodeFactory.instance.nullNode() : v));
        return new BayeuxMessage(copy);
    }

    /** A new builder for a message to {@code channel}. */
    public static Builder builder(String channel) {
        return new Builder().channel(channel);
    }

    /** A builder for the reply to {@code request}: same channel, its {@code id} echoed verbatim if it has one. */
    public static Builder replyTo(BayeuxMessage request) {
        Builder b = new Builder();
        JsonNode channel = request.fields.get(CHANNEL);
        if (channel != null && channel.isTextual()) {
            b.channel(channel.textValue());
        }
        request.id().ifPresent(b::id);
        return b;
    }

    /** A delivery, {@code {"data":…,"channel":…}}: never a clientId nor the publisher's id (section 1.2). */
    public static BayeuxMessage delivery(String channel, JsonNode data) {
        return new Builder().channel(channel).data(data).build();
    }

    /** All fields, in the order they were parsed or set. */
    public Map<String, JsonNode> fields() {
        return fields;
    }

    /** The raw value of any field, including unknown ones. */
    public Optional<JsonNode> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    public boolean has(String name) {
        JsonNode n = fields.get(name);
        return n != null && !n.isNull();
    }

    private Optional<String> text(String name) {
        JsonNode n = fields.get(name);
        return n != null && n.isTextual() ? Optional.of(n.textValue()) : Optional.empty();
    }

    public Optional<String> channel() {
        return text(CHANNEL);
    }

    public Optional<String> id() {
        return text(ID);
    }

    public Optional<String> clientId() {
        return text(CLIENT_ID);
    }

    /** Any JSON value, including JSON {@code null} (which counts as present: {@code "data":null} is data). */
    public Optional<JsonNode> data() {
        return Optional.ofNullable(fields.get(DATA));
    }

    public Optional<JsonNode> ext() {
        JsonNode n = fields.get(EXT);
        return n != null && n.isObject() ? Optional.of(n) : Optional.empty();
    }

    /** The advice, read leniently ({@link Advice#fromJson}); empty when absent or not an object. */
    public Optional<Advice> advice() {
        JsonNode n = fields.get(ADVICE);
        return n != null && n.isObject() ? Optional.of(Advice.fromJson(n)) : Optional.empty();
    }

    public Optional<Boolean> successful() {
        JsonNode n = fields.get(SUCCESSFUL);
        return n != null && n.isBoolean() ? Optional.of(n.booleanValue()) : Optional.empty();
    }

    public Optional<String> error() {
        return text(ERROR);
    }

    /** The subscription exactly as sent: a string or an array (replies echo it as sent, section 3). */
    public Optional<JsonNode> subscription() {
        JsonNode n = fields.get(SUBSCRIPTION);
        return n != null && (n.isTextual() || n.isArray()) ? Optional.of(n) : Optional.empty();
    }

    /** The subscription as a list of names: one for a string, each element for an array of strings, else empty. */
    public List<String> subscriptions() {
        JsonNode n = fields.get(SUBSCRIPTION);
        if (n == null) {
            return List.of();
        }
        if (n.isTextual()) {
            return List.of(n.textValue());
        }
        if (!n.isArray()) {
            return List.of();
        }
        List<String> names = new ArrayList<>(n.size());
        for (JsonNode e : n) {
            if (!e.isTextual()) {
                return List.of();
            }
            names.add(e.textValue());
        }
        return List.copyOf(names);
    }

    public Optional<String> connectionType() {
        return text(CONNECTION_TYPE);
    }

    /** The string elements of {@code supportedConnectionTypes}, in order; non-strings are skipped. */
    public List<String> supportedConnectionTypes() {
        JsonNode n = fields.get(SUPPORTED_CONNECTION_TYPES);
        if (n == null || !n.isArray()) {
            return List.of();
        }
        List<String> types = new ArrayList<>(n.size());
        n.forEach(e -> {
            if (e.isTextual()) {
                types.add(e.textValue());
            }
        });
        return List.copyOf(types);
    }

    public Optional<String> version() {
        return text(VERSION);
    }

    public Optional<String> minimumVersion() {
        return text(MINIMUM_VERSION);
    }

    /** Read for completeness; section 1.2: ignored and never sent. */
    public Optional<String> timestamp() {
        return text(TIMESTAMP);
    }

    /** Millisecond {@code timeout} hint in a client's advice, if any (section 2). */
    public OptionalLong adviceTimeout() {
        return advice().map(Advice::timeout).orElse(OptionalLong.empty());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BayeuxMessage && ((BayeuxMessage) o).fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return "BayeuxMessage" + fields;
    }

    /** Builds a message; not thread-safe, use once. */
    public static final class Builder {
        private final Map<String, JsonNode> fields = new LinkedHashMap<>();

        private Builder() {
        }

        private Builder put(String name, JsonNode value) {
            fields.put(name, Objects.requireNonNull(value, name));
            return this;
        }

        private Builder text(String name, String value) {
            return put(name, TextNode.valueOf(Objects.requireNonNull(value, name)));
        }

        public Builder channel(String channel) {
            return text(CHANNEL, channel);
        }

        public Builder id(String id) {
            return text(ID, id);
        }

        public Builder clientId(String clientId) {
            return text(CLIENT_ID, clientId);
        }

        /** Any JSON value; pass {@code NullNode} for {@code "data":null}. */
        public Builder data(JsonNode data) {
            return put(DATA, data);
        }

        public Builder ext(JsonNode ext) {
            if (!Objects.requireNonNull(ext, EXT).isObject()) {
                throw new IllegalArgumentException("ext must be a JSON object, not " + ext.getNodeType());
            }
            return put(EXT, ext);
        }

        /** Advice is kept as a model and written in its own field order; {@link Advice#EMPTY} clears it. */
        public Builder advice(Advice advice) {
            if (advice.isEmpty()) {
                fields.remove(ADVICE);
                return this;
            }
            return put(ADVICE, advice.toJson());
        }

        public Builder successful(boolean successful) {
            return put(SUCCESSFUL, BooleanNode.valueOf(successful));
        }

        /** A failed reply: {@code successful:false}, the error string, and the advice the catalog gives for the
         * channel already set on this builder (set the channel first). */
        public Builder failure(BayeuxFailure failure) {
            successful(false);
            text(ERROR, failure.wire());
            JsonNode channel = fields.get(CHANNEL);
            failure.adviceOn(channel == null ? null : channel.textValue()).ifPresent(this::advice);
            return this;
        }

        /** The subscription as sent: a string or an array node (echoed verbatim). */
        public Builder subscription(JsonNode subscription) {
            if (!subscription.isTextual() && !subscription.isArray()) {
                throw new IllegalArgumentException("subscription must be a string or an array, not "
                        + subscription.getNodeType());
            }
            return put(SUBSCRIPTION, subscription);
        }

        public Builder subscription(String subscription) {
            return text(SUBSCRIPTION, subscription);
        }

        public Builder connectionType(String connectionType) {
            return text(CONNECTION_TYPE, connectionType);
        }

        public Builder supportedConnectionTypes(List<String> types) {
            ArrayNode a = JsonNodeFactory.instance.arrayNode(types.size());
            types.forEach(t -> a.add(Objects.requireNonNull(t, "connection type")));
            return put(SUPPORTED_CONNECTION_TYPES, a);
        }

        public Builder version(String version) {
            return text(VERSION, version);
        }

        public Builder minimumVersion(String minimumVersion) {
            return text(MINIMUM_VERSION, minimumVersion);
        }

        public BayeuxMessage build() {
            if (!fields.containsKey(CHANNEL)) {
                throw new IllegalStateException("a Bayeux message needs a channel");
            }
            return new BayeuxMessage(new LinkedHashMap<>(fields));
        }
    }
}
