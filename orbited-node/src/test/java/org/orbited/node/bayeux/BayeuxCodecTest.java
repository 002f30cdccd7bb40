package org.orbited.node.bayeux;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BayeuxCodecTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final BayeuxCodec codec = new BayeuxCodec();

    private List<BayeuxMessage> parse(String body) throws BayeuxParseException {
        return codec.parse(body.getBytes(UTF_8));
    }

    private String write(BayeuxMessage... messages) {
        return new String(codec.write(List.of(messages)), UTF_8);
    }

    @Test
    void parsesABatchAsSentByCometDJs() throws Exception {
        List<BayeuxMessage> ms = parse("[{\"id\":\"1\",\"version\":\"1.0\",\"minimumVersion\":\"1.0\","
                + "\"channel\":\"/meta/handshake\",\"supportedConnectionTypes\":[\"long-polling\",\"callback-polling\"],"
                + "\"advice\":{\"timeout\":60000,\"interval\":0}}]");
        assertThat(ms).hasSize(1);
        BayeuxMessage m = ms.get(0);
        assertThat(m.channel()).contains("/meta/handshake");
        assertThat(m.id()).contains("1");
        assertThat(m.version()).contains("1.0");
        assertThat(m.minimumVersion()).contains("1.0");
        assertThat(m.supportedConnectionTypes()).containsExactly("long-polling", "callback-polling");
        assertThat(m.advice()).contains(Advice.EMPTY.withTimeout(60000).withInterval(0));
        assertThat(m.adviceTimeout()).hasValue(60000);
        assertThat(m.fields().keySet()).containsExactly("id", "version", "minimumVersion", "channel",
                "supportedConnectionTypes", "advice");
    }

    @Test
    void acceptsABareObject() throws Exception {
        List<BayeuxMessage> ms = parse(" {\"channel\":\"/meta/connect\",\"clientId\":\"abc\",\"connectionType\":\"long-polling\"} \n");
        assertThat(ms).singleElement().satisfies(m -> {
            assertThat(m.clientId()).contains("abc");
            assertThat(m.connectionType()).contains("long-polling");
        });
    }

    @Test
    void parsesEveryFieldAndKeepsUnknownOnes() throws Exception {
        BayeuxMessage m = parse("[{\"channel\":\"/meta/subscribe\",\"id\":\"6\",\"clientId\":\"c1\","
                + "\"subscription\":[\"/chat/room2\",\"/chat/deep/**\"],\"ext\":{\"ack\":true},\"successful\":true,"
                + "\"error\":\"402::session_unknown\",\"timestamp\":\"Thu, 01 Jan 2026\",\"data\":null,\"x-extra\":[1]}]").get(0);
        assertThat(m.subscriptions()).containsExactly("/chat/room2", "/chat/deep/**");
        assertThat(m.subscription().orElseThrow().isArray()).isTrue();
        assertThat(m.ext().orElseThrow().get("ack").booleanValue()).isTrue();
        assertThat(m.successful()).contains(true);
        assertThat(m.error()).contains("402::session_unknown");
        assertThat(m.timestamp()).contains("Thu, 01 Jan 2026");
        assertThat(m.data()).contains(NullNode.getInstance());
        assertThat(m.has("data")).isFalse(); // JSON null: present in the map, "has" says no
        assertThat(m.field("x-extra").orElseThrow().toString()).isEqualTo("[1]");
    }

    @Test
    void passesDataThroughUntouched() throws Exception {
        String data = "{\"text\":\"h\\u00e9llo \\ud83d\\ude00 \\\"q\\\"\",\"n\":1.10,\"big\":123456789012345678901234567890,"
                + "\"exp\":1e400,\"list\":[true,false,null,{\"deep\":[[]]}],\"long\":9007199254740993}";
        BayeuxMessage m = parse("[{\"channel\":\"/chat/a\",\"data\":" + data + "}]").get(0);
        String out = write(BayeuxMessage.delivery("/chat/a", m.data().orElseThrow()));
        assertThat(out).startsWith("[{\"data\":{")
                .contains("\"n\":1.10", "\"big\":123456789012345678901234567890", "\"long\":9007199254740993",
                        "\"exp\":1E+400", "😀")
                .endsWith(",\"channel\":\"/chat/a\"}]");
        assertThat(JSON.readTree(out).get(0).get("data").toString()).isEqualTo(JSON.readTree(data).toString());
        // Known, documented limit of exact decimals: BigDecimal has no negative zero.
        assertThat(write(BayeuxMessage.delivery("/a", parse("{\"channel\":\"/a\",\"data\":-0.0}").get(0)
                .data().orElseThrow()))).contains("\"data\":0.0");
        assertThat(codec.parse(out.getBytes(UTF_8)).get(0).data()).isEqualTo(m.data());
    }

    /** Error paths of the body, each with its named problem and HTTP status. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|EMPTY_BODY|400|no JSON value",
        "'   '|EMPTY_BODY|400|no JSON value",
        "[]|EMPTY_BATCH|400|empty array",
        "\"/meta/connect\"|NOT_A_MESSAGE|400|found a string",
        "42|NOT_A_MESSAGE|400|found a number",
        "null|NOT_A_MESSAGE|400|found null",
        "true|NOT_A_MESSAGE|400|found a boolean",
        "[{\"channel\":\"/a\"},1]|ELEMENT_NOT_OBJECT|400|element 1 is a number",
        "[[{\"channel\":\"/a\"}]]|ELEMENT_NOT_OBJECT|400|element 0 is an array",
        "[null]|ELEMENT_NOT_OBJECT|400|element 0 is null",
        "[{\"channel\":\"/a\"}|MALFORMED_JSON|400|truncated",
        "[{\"channel\":\"/a\"|MALFORMED_JSON|400|truncated",
        "{\"channel\":\"/a\"} {}|MALFORMED_JSON|400|content after the JSON value",
        "[{\"channel\":\"/a\"}] x|MALFORMED_JSON|400|",
        "[{channel:\"/a\"}]|MALFORMED_JSON|400|at byte",
        "[{\"channel\":\"/a\",}]|MALFORMED_JSON|400|",
        "[{\"channel\":'/a'}]|MALFORMED_JSON|400|",
        "[{\"channel\":\"/a\",\"channel\":\"/b\"}]|MALFORMED_JSON|400|duplicate field 'channel'",
        "[{\"channel\":\"/a\",\"data\":{\"x\":1,\"x\":2}}]|MALFORMED_JSON|400|duplicate field 'x'",
        "message=%5B%5D|MALFORMED_JSON|400|",
        "[{\"data\":NaN}]|MALFORMED_JSON|400|",
    })
    void rejectsBadBodies(String body, BayeuxParseException.Problem problem, int status, String detail) {
        assertThatThrownBy(() -> parse(body))
                .isInstanceOfSatisfying(BayeuxParseException.class, e -> {
                    assertThat(e.problem()).isEqualTo(problem);
                    assertThat(e.problem().httpStatus()).isEqualTo(status);
                })
                .hasMessageStartingWith(problem.name() + ": ")
                .hasMessageContaining(detail == null ? "" : detail);
    }

    @Test
    void rejectsBodiesOverTheByteLimitBeforeParsing() throws Exception {
        BayeuxCodec small = new BayeuxCodec(new BayeuxCodec.Limits(20, 10, 8));
        byte[] exactly = "[{\"channel\":\"/abc\"}]".getBytes(UTF_8);
        assertThat(exactly).hasSize(20);
        assertThat(small.parse(exactly)).hasSize(1);
        byte[] over = "[{\"channel\":\"/abcd\"}]".getBytes(UTF_8);
        assertThatThrownBy(() -> small.parse(over))
                .isInstanceOfSatisfying(BayeuxParseException.class,
                        e -> assertThat(e.problem().httpStatus()).isEqualTo(413))
                .hasMessage("TOO_LARGE: 21 bytes, limit 20");
        // not even well-formed: the size is checked first
        assertThatThrownBy(() -> small.parse(new byte[21])).hasMessageStartingWith("TOO_LARGE");
        // the String form counts UTF-8 bytes, not chars
        assertThatThrownBy(() -> small.parse("[{\"channel\":\"/é\",\"x\":\"ééé\"}]")).hasMessageStartingWith("TOO_LARGE");
    }

    @Test
    void rejectsTooManyMessages() throws Exception {
        BayeuxCodec three = new BayeuxCodec(new BayeuxCodec.Limits(1000, 3, 8));
        assertThat(three.parse("[{\"channel\":\"/a\"},{\"channel\":\"/b\"},{\"channel\":\"/c\"}]")).hasSize(3);
        assertThatThrownBy(() -> three.parse("[{\"channel\":\"/a\"},{\"channel\":\"/b\"},{\"channel\":\"/c\"},{\"channel\":\"/d\"}]"))
                .isInstanceOfSatisfying(BayeuxParseException.class, e -> {
                    assertThat(e.problem()).isEqualTo(BayeuxParseException.Problem.TOO_MANY_MESSAGES);
                    assertThat(e.problem().httpStatus()).isEqualTo(413);
                })
                .hasMessageContaining("more than 3 messages");
    }

    /** Depth counts the batch array as 1, the message as 2, each container inside one more. */
    @ParameterizedTest
    @CsvSource({"4, 2, true", "4, 3, false", "5, 3, true", "2, 0, true", "2, 1, false"})
    void rejectsDeepNesting(int maxDepth, int nestedArraysInData, boolean accepted) throws Exception {
        BayeuxCodec codec = new BayeuxCodec(new BayeuxCodec.Limits(10_000, 10, maxDepth));
        String data = "[".repeat(nestedArraysInData) + "1" + "]".repeat(nestedArraysInData);
        String batch = "[{\"channel\":\"/a\",\"data\":" + data + "}]";
        String bare = "{\"channel\":\"/a\",\"data\":" + data + "}"; // one level shallower
        if (accepted) {
            assertThat(codec.parse(batch)).hasSize(1);
        } else {
            assertThatThrownBy(() -> codec.parse(batch))
                    .isInstanceOfSatisfying(BayeuxParseException.class,
                            e -> assertThat(e.problem()).isEqualTo(BayeuxParseException.Problem.TOO_DEEP))
                    .hasMessageContaining("nesting deeper than " + maxDepth);
        }
        if (nestedArraysInData <= maxDepth - 1) {
            assertThat(codec.parse(bare)).hasSize(1);
        }
    }

    @Test
    void aHostileDepthFailsFastWithoutStackOverflow() {
        String body = "[{\"channel\":\"/a\",\"data\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}]";
        assertThatThrownBy(() -> parse(body)).hasMessageStartingWith("TOO_DEEP");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTF-16BE", "UTF-16LE", "UTF-16", "UTF-32BE", "UTF-32LE"})
    void rejectsOtherEncodings(String charset) {
        byte[] body = "[{\"channel\":\"/a\"}]".getBytes(java.nio.charset.Charset.forName(charset));
        assertThatThrownBy(() -> codec.parse(body))
                .isInstanceOfSatisfying(BayeuxParseException.class,
                        e -> assertThat(e.problem()).isEqualTo(BayeuxParseException.Problem.NOT_UTF8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"C3", "FF", "C328", "E282", "ED A080"})
    void rejectsBrokenUtf8InStrings(String hex) {
        byte[] bad = java.util.HexFormat.of().parseHex(hex.replace(" ", ""));
        byte[] head = "[{\"channel\":\"/a\",\"data\":\"x".getBytes(UTF_8);
        byte[] tail = "\"}]".getBytes(UTF_8);
        byte[] body = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(bad, 0, body, head.length, bad.length);
        System.arraycopy(tail, 0, body, head.length + bad.length, tail.length);
        assertThatThrownBy(() -> codec.parse(body))
                .isInstanceOfSatisfying(BayeuxParseException.class,
                        e -> assertThat(e.problem()).isEqualTo(BayeuxParseException.Problem.NOT_UTF8));
    }

    @Test
    void acceptsAUtf8ByteOrderMarkAndASlice() throws Exception {
        byte[] bom = "\uFEFF[{\"channel\":\"/a\"}]".getBytes(UTF_8);
        assertThat(codec.parse(bom)).hasSize(1);
        byte[] padded = "xx[{\"channel\":\"/a\"}]yy".getBytes(UTF_8);
        assertThat(codec.parse(padded, 2, padded.length - 4)).singleElement()
                .satisfies(m -> assertThat(m.channel()).contains("/a"));
    }

    @Test
    void invalidLimitsAreRefused() {
        assertThatThrownBy(() -> new BayeuxCodec.Limits(0, 1, 2)).hasMessageContaining("maxMessageBytes=0");
        assertThatThrownBy(() -> new BayeuxCodec.Limits(1, 0, 2)).hasMessageContaining("maxMessagesPerRequest=0");
        assertThatThrownBy(() -> new BayeuxCodec.Limits(1, 1, 1)).hasMessageContaining("maxJsonDepth=1");
        assertThat(new BayeuxCodec().limits()).isEqualTo(BayeuxCodec.Limits.defaults());
        assertThat(BayeuxCodec.Limits.defaults().maxMessageBytes()).isEqualTo(BayeuxDefaults.MAX_MESSAGE_SIZE);
    }

    /** The captured shapes of section 9, byte for byte (CometD's order where we share it). */
    @Test
    void writesRepliesInAStableFieldOrder() throws Exception {
        BayeuxMessage connect = parse("[{\"id\":\"9\",\"channel\":\"/meta/connect\",\"connectionType\":\"long-polling\","
                + "\"clientId\":\"bogus123\"}]").get(0);
        assertThat(write(BayeuxMessage.replyTo(connect).failure(BayeuxError.SESSION_UNKNOWN.failure()).build()))
                .isEqualTo("[{\"advice\":{\"interval\":0,\"reconnect\":\"handshake\"},\"channel\":\"/meta/connect\","
                        + "\"id\":\"9\",\"error\":\"402::session_unknown\",\"successful\":false}]");

        BayeuxMessage sub = parse("[{\"id\":\"6\",\"channel\":\"/meta/subscribe\",\"subscription\":[\"/chat/room2\","
                + "\"/chat/deep/**\"],\"clientId\":\"o1207\"}]").get(0);
        BayeuxMessage subReply = BayeuxMessage.replyTo(sub).subscription(sub.subscription().orElseThrow())
                .successful(true).build();
        BayeuxMessage delivery = BayeuxMessage.delivery("/chat/deep/x/y", JSON.readTree("\"batched\""));
        assertThat(write(delivery, subReply)).isEqualTo("[{\"data\":\"batched\",\"channel\":\"/chat/deep/x/y\"},"
                + "{\"channel\":\"/meta/subscribe\",\"id\":\"6\",\"subscription\":[\"/chat/room2\",\"/chat/deep/**\"],"
                + "\"successful\":true}]");

        // the builder's call order does not matter
        BayeuxMessage handshake = BayeuxMessage.builder("/meta/handshake").successful(true).version("1.0")
                .advice(Advice.full(3000, 0)).supportedConnectionTypes(List.of("long-polling", "callback-polling"))
                .minimumVersion("1.0").clientId("o1207xsv670b0qahje0vqfuf9p").id("1")
                .ext(JSON.createObjectNode().put("ack", true)).build();
        assertThat(write(handshake)).isEqualTo("[{\"advice\":{\"interval\":0,\"timeout\":3000,\"reconnect\":\"retry\"},"
                + "\"channel\":\"/meta/handshake\",\"id\":\"1\",\"clientId\":\"o1207xsv670b0qahje0vqfuf9p\","
                + "\"version\":\"1.0\",\"minimumVersion\":\"1.0\",\"supportedConnectionTypes\":[\"long-polling\","
                + "\"callback-polling\"],\"ext\":{\"ack\":true},\"successful\":true}]");
    }

    @Test
    void neverWritesTimestampOrUnknownFields() throws Exception {
        BayeuxMessage m = parse("[{\"channel\":\"/a\",\"timestamp\":\"t\",\"x\":1,\"connectionType\":\"long-polling\","
                + "\"json-comment-filtered\":true,\"data\":[]}]").get(0);
        assertThat(write(m)).isEqualTo("[{\"data\":[],\"channel\":\"/a\",\"connectionType\":\"long-polling\"}]");
    }

    @Test
    void writesToAStreamWithoutClosingIt() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                throw new AssertionError("closed");
            }
        };
        codec.write(List.of(BayeuxMessage.builder("/meta/disconnect").id("16").successful(true).build()), out);
        assertThat(out.toString(StandardCharsets.UTF_8))
                .isEqualTo("[{\"channel\":\"/meta/disconnect\",\"id\":\"16\",\"successful\":true}]");
        assertThat(new String(codec.write(List.of()), UTF_8)).isEqualTo("[]");
    }

    @Test
    void writesNonAsciiAsUtf8() {
        JsonNode data = JSON.getNodeFactory().textNode("café 😀");
        byte[] bytes = codec.write(List.of(BayeuxMessage.delivery("/a", data)));
        assertThat(new String(bytes, UTF_8)).isEqualTo("[{\"data\":\"café 😀\",\"channel\":\"/a\"}]");
    }

    @Test
    void roundTripsWhatItWrites() throws Exception {
        BayeuxMessage m = BayeuxMessage.builder("/chat/room1").id("5").clientId("c").data(JSON.readTree("{\"a\":[1,2]}"))
                .subscription("/x/*").connectionType("websocket").build();
        assertThat(codec.parse(codec.write(List.of(m, m)))).containsExactly(m, m);
    }
}
