package org.orbited.node.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The script escaping of every script-wrapping transport (docs/transports.md, "Script escaping"), in plain Java:
 * the exact bytes for the payloads that used to stop a stream, bodies without {@code </} or {@code <!--}
 * unchanged, and for many generated bodies no {@code </} or {@code <!--} left and every JSON value kept.
 */
class ScriptEscapingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String escape(String body) {
        return new String(Bytes.escapeScript(body.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    static Stream<Arguments> payloads() {
        return Stream.of(
                Arguments.of("[\"<!--<script>\", 1]", "[\"<!-\\u002d<script>\", 1]"),
                Arguments.of("\"</script><script>window.pwned=1</script>\"",
                        "\"<\\/script><script>window.pwned=1<\\/script>\""),
                Arguments.of("{\"a\":\"<!--<script>x</script>-->\"}", "{\"a\":\"<!-\\u002d<script>x<\\/script>-->\"}"),
                Arguments.of("\"<!--<SCRIPT >\"", "\"<!-\\u002d<SCRIPT >\""),
                Arguments.of("\"<!--<!--\"", "\"<!-\\u002d<!-\\u002d\""),
                Arguments.of("\"<!--->\"", "\"<!-\\u002d->\""),
                Arguments.of("\"<<!--</\"", "\"<<!-\\u002d<\\/\""),
                // a backslash before the opener: the escape goes after "<!-", never next to the backslash
                Arguments.of("'\\<!--'", "'\\<!-\\u002d'"),
                Arguments.of("\"\\\\<!--\"", "\"\\\\<!-\\u002d\""),
                // the opener at the very end, and the pieces that are not one
                Arguments.of("<!--", "<!-\\u002d"),
                Arguments.of("\"<!- -<! --<!-<\"", "\"<!- -<! --<!-<\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void writesTheDocumentedBytes(String body, String escaped) {
        assertThat(escape(body)).isEqualTo(escaped);
    }

    @Test
    void aBodyWithoutSlashOrCommentOpenerIsTheSameArray() {
        for (String body : new String[] {"[\"msg\",\"hi\"]", "\"a<b && c>d <script> -->\"", "a<b", "", "<", "<!-",
                "\"héllo — 日本語 🚀\"", "<!-x-"}) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            assertThat(Bytes.escapeScript(bytes)).as(body).isSameAs(bytes);
        }
    }

    /**
     * 20,000 generated strings over the bytes that matter to the HTML tokenizer and to JavaScript escapes, each
     * written as a JSON string by Jackson (which leaves {@code <} and {@code /} alone), escaped, and read back.
     */
    @Test
    void generatedBodiesKeepTheirJsonValueAndLoseEveryEndTagAndCommentOpener() throws Exception {
        String alphabet = "<!-/\\sScript>\"' \u2028é";
        Random random = new Random(10);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String value = sb.toString();
            String body = JSON.writeValueAsString(new Object[] {value, 1});
            String escaped = escape(body);
            assertThat(escaped).as(body).doesNotContain("</").doesNotContain("<!--");
            JsonNode back = JSON.readTree(escaped);
            assertThat(back.get(0).asText()).as(body).isEqualTo(value);
        }
    }
}
