package org.orbited.node.bayeux;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bytes to Bayeux messages and back (reference section 1.1). Plain Java over Jackson's streaming API; no Netty.
 *
 * <p><b>Reading.</b> A body is one JSON object or an array of objects (decision: accept both). The parser
 * streams the tokens once and builds the tree itself, so it enforces the {@link Limits} as it goes: body size
 * before any parsing, message count at each element, nesting depth at each container. Duplicate field names are
 * refused (a message has exactly one {@code channel}). Numbers keep their exact value and scale
 * ({@code 1.10} stays {@code 1.10}, big integers stay exact), so {@code data} is passed through untouched, with
 * two normalisations of {@link java.math.BigDecimal}: an exponent is written in its form ({@code 1e400} becomes
 * {@code 1E+400}) and {@code -0.0} becomes {@code 0.0}. Anything else is a
 * {@link BayeuxParseException} naming the problem; field-level problems are not the codec's business
 * ({@link BayeuxValidation}).
 *
 * <p><b>Writing.</b> Always a UTF-8 JSON array, written with a {@link JsonGenerator}. Known fields only, in a
 * fixed order: {@code data, advice, channel, id, clientId, version, minimumVersion, supportedConnectionTypes,
 * connectionType, subscription, ext, error, successful}. That order gives CometD's delivery shape
 * {@code {"data":…,"channel":…}} and its error shape {@code {"advice",…,"error",…,"successful"}}; {@code timestamp}
 * and unknown fields are never written (section 1.2).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class BayeuxCodec {

    /** Request limits; every one is a named bound (style: bounded everything). */
    public record Limits(int maxMessageBytes, int maxMessagesPerRequest, int maxJsonDepth) {
        /** Default maximum messages in one request. */
        public static final int DEFAULT_MAX_MESSAGES_PER_REQUEST = 1000;
        /** Default maximum JSON depth: the batch array and the message object count as levels 1 and 2. */
        public static final int DEFAULT_MAX_JSON_DEPTH = 64;

        public Limits {
            if (maxMessageBytes < 1 || maxMessagesPerRequest < 1 || maxJsonDepth < 2) {
                throw new IllegalArgumentException("invalid limits: maxMessageBytes=" + maxMessageBytes
                        + ", maxMessagesPerRequest=" + maxMessagesPerRequest + ", maxJsonDepth=" + maxJsonDepth
                        + " (need >= 1, >= 1, >= 2)");
            }
        }

        /** {@link BayeuxDefaults#MAX_MESSAGE_SIZE}, 1000 messages, depth 64. */
        public static Limits defaults() {
            return new Limits(BayeuxDefaults.MAX_MESSAGE_SIZE, DEFAULT_MAX_MESSAGES_PER_REQUEST,
                    DEFAULT_MAX_JSON_DEPTH);
        }
    }

    private static final String[] WRITE_ORDER = {
        BayeuxMessage.DATA, BayeuxMessage.ADVICE, BayeuxMessage.CHANNEL, BayeuxMessage.ID, BayeuxMessage.CLIENT_ID,
        BayeuxMessage.VERSION, BayeuxMessage.MINIMUM_VERSION, BayeuxMessage.SUPPORTED_CONNECTION_TYPES,
        BayeuxMessage.CONNECTION_TYPE, BayeuxMessage.SUBSCRIPTION, BayeuxMessage.EXT, BayeuxMessage.ERROR,
        BayeuxMessage.SUCCESSFUL,
    };

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private final Limits limits;
    private final JsonFactory json;
    private final ObjectMapper mapper;

    public BayeuxCodec(Limits limits) {
        this.limits = limits;
        // Jackson's own depth bound is a backstop: ours, checked while building, fails first and more precisely.
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxJsonDepth() + 1).build())
                // Characters outside the BMP as 4-byte UTF-8, not as escaped surrogate pairs.
                .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .build();
        this.mapper = new ObjectMapper(json);
    }

    public BayeuxCodec() {
        this(Limits.defaults());
    }

    public Limits limits() {
        return limits;
    }

    /** Parses a whole body; see the class comment. */
    public List<BayeuxMessage> parse(byte[] body) throws BayeuxParseException {
        return parse(body, 0, body.length);
    }

    /** Parses {@code length} bytes of {@code body} from {@code offset}. */
    public List<BayeuxMessage> parse(byte[] body, int offset, int length) throws BayeuxParseException {
        if (length > limits.maxMessageBytes()) {
            throw new BayeuxParseException(BayeuxParseException.Problem.TOO_LARGE,
                    length + " bytes, limit " + limits.maxMessageBytes());
        }
        checkUtf8Start(body, offset, length);
        try (JsonParser p = json.createParser(body, offset, length)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new BayeuxParseException(BayeuxParseException.Problem.EMPTY_BODY, "no JSON value");
            }
            List<BayeuxMessage> messages;
            if (first == JsonToken.START_OBJECT) {
                messages = List.of(readMessage(p, 1));
            } else if (first == JsonToken.START_ARRAY) {
                messages = readBatch(p);
            } else {
                throw new BayeuxParseException(BayeuxParseException.Problem.NOT_A_MESSAGE,
                        "expected an object or an array, found " + describe(first) + at(p));
            }
            JsonToken trailing = p.nextToken();
            if (trailing != null) {
                throw new BayeuxParseException(BayeuxParseException.Problem.MALFORMED_JSON,
                        "content after the JSON value: " + describe(trailing) + at(p));
            }
            return messages;
        } catch (CharConversionException e) {
            throw new BayeuxParseException(BayeuxParseException.Problem.NOT_UTF8, firstLine(e.getMessage()));
        } catch (JsonEOFException e) {
            throw new BayeuxParseException(BayeuxParseException.Problem.MALFORMED_JSON,
                    "truncated JSON" + at(e.getLocation()));
        } catch (JsonParseException e) {
            String msg = e.getOriginalMessage();
            BayeuxParseException.Problem problem = msg.contains("UTF-8") || msg.contains("UTF8")
                    ? BayeuxParseException.Problem.NOT_UTF8 : BayeuxParseException.Problem.MALFORMED_JSON;
            throw new BayeuxParseException(problem, firstLine(msg) + at(e.getLocation()));
        } catch (IOException e) {
            throw new BayeuxParseException(BayeuxParseException.Problem.MALFORMED_JSON, firstLine(e.getMessage()));
        }
    }

    /** Parses a body given as text (the JSONP {@code message} parameter); the byte limit applies to its UTF-8. */
    public List<BayeuxMessage> parse(String body) throws BayeuxParseException {
        return parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private static void checkUtf8Start(byte[] b, int off, int len) throws BayeuxParseException {
        if (len >= 2 && ((b[off] == (byte) 0xFE && b[off + 1] == (byte) 0xFF)
                || (b[off] == (byte) 0xFF && b[off + 1] == (byte) 0xFE))) {
            throw new BayeuxParseException(BayeuxParseException.Problem.NOT_UTF8, "UTF-16 byte order mark");
        }
        // A JSON text starts with ASCII, so UTF-16 and UTF-32 show a NUL among the first four bytes.
        for (int i = 0; i < Math.min(len, 4); i++) {
            if (b[off + i] == 0) {
                throw new BayeuxParseException(BayeuxParseException.Problem.NOT_UTF8, "NUL byte at offset " + i);
            }
        }
    }

    private List<BayeuxMessage> readBatch(JsonParser p) throws IOException, BayeuxParseException {
        List<BayeuxMessage> messages = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                throw new BayeuxParseException(BayeuxParseException.Problem.ELEMENT_NOT_OBJECT,
                        "element " + messages.size() + " is " + describe(t) + at(p));
            }
            if (messages.size() == limits.maxMessagesPerRequest()) {
                throw new BayeuxParseException(BayeuxParseException.Problem.TOO_MANY_MESSAGES,
                        "more than " + limits.maxMessagesPerRequest() + " messages");
            }
            messages.add(readMessage(p, 2));
        }
        if (messages.isEmpty()) {
            throw new BayeuxParseException(BayeuxParseException.Problem.EMPTY_BATCH, "an empty array");
        }
        return List.copyOf(messages);
    }

    /** Reads one message object; the parser is on its START_OBJECT, which sits at {@code depth}. */
    private BayeuxMessage readMessage(JsonParser p, int depth) throws IOException, BayeuxParseException {
        checkDepth(p, depth);
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonNode value = readValue(p, p.nextToken(), depth + 1);
            if (fields.put(name, value) != null) {
                throw duplicate(p, name);
            }
        }
        return BayeuxMessage.of(fields);
    }

    /** Reads the value starting at token {@code t}; containers opened here sit at {@code depth}. */
    private JsonNode readValue(JsonParser p, JsonToken t, int depth) throws IOException, BayeuxParseException {
        switch (t) {
            case START_OBJECT: {
                checkDepth(p, depth);
                ObjectNode o = NODES.objectNode();
                String name;
                while ((name = p.nextFieldName()) != null) {
                    if (o.replace(name, readValue(p, p.nextToken(), depth + 1)) != null) {
                        throw duplicate(p, name);
                    }
                }
                return o;
            }
            case START_ARRAY: {
                checkDepth(p, depth);
                ArrayNode a = NODES.arrayNode();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    a.add(readValue(p, e, depth + 1));
                }
                return a;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                switch (p.getNumberType()) {
                    case INT:
                        return NODES.numberNode(p.getIntValue());
                    case LONG:
                        return NODES.numberNode(p.getLongValue());
                    default:
                        return NODES.numberNode(p.getBigIntegerValue());
                }
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDecimalValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new BayeuxParseException(BayeuxParseException.Problem.MALFORMED_JSON,
                        "unexpected " + describe(t) + at(p));
        }
    }

    private void checkDepth(JsonParser p, int depth) throws BayeuxParseException {
        if (depth > limits.maxJsonDepth()) {
            throw new BayeuxParseException(BayeuxParseException.Problem.TOO_DEEP,
                    "nesting deeper than " + limits.maxJsonDepth() + at(p));
        }
    }

    private static BayeuxParseException duplicate(JsonParser p, String name) {
        return new BayeuxParseException(BayeuxParseException.Problem.MALFORMED_JSON,
                "duplicate field '" + name + "'" + at(p));
    }

    private static String describe(JsonToken t) {
        switch (t) {
            case START_OBJECT: return "an object";
            case START_ARRAY: return "an array";
            case VALUE_STRING: return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT: return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE: return "a boolean";
            case VALUE_NULL: return "null";
            default: return t.asString() == null ? t.name() : "'" + t.asString() + "'";
        }
    }

    private static String at(JsonParser p) {
        return at(p.currentTokenLocation());
    }

    private static String at(JsonLocation l) {
        return l == null ? "" : " at byte " + l.getByteOffset() + " (line " + l.getLineNr() + ", column "
                + l.getColumnNr() + ")";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable JSON";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Writes {@code messages} as one UTF-8 JSON array. */
    public byte[] write(List<BayeuxMessage> messages) {
        try (ByteArrayBuilder out = new ByteArrayBuilder(256)) {
            try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
                writeArray(g, messages);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
    }

    /** Writes {@code messages} as one UTF-8 JSON array to {@code out}; {@code out} is flushed, not closed. */
    public void write(List<BayeuxMessage> messages, OutputStream out) throws IOException {
        try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)) {
            writeArray(g, messages);
        }
    }

    private void writeArray(JsonGenerator g, List<BayeuxMessage> messages) throws IOException {
        g.writeStartArray();
        for (BayeuxMessage m : messages) {
            writeMessage(g, m);
        }
        g.writeEndArray();
    }

    private void writeMessage(JsonGenerator g, BayeuxMessage m) throws IOException {
        Map<String, JsonNode> fields = m.fields();
        g.writeStartObject();
        for (String name : WRITE_ORDER) {
            JsonNode value = fields.get(name);
            if (value != null) {
                g.writeFieldName(name);
                mapper.writeTree(g, value);
            }
        }
        g.writeEndObject();
    }
}
