package org.orbited.node.bayeux.netty;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The callback-polling (JSONP) wrapper: a strict callback grammar, because the name is echoed as code
 * (bayeux.md 4.2), and the body {@code /**}{@code /cb([...]);} with U+2028 and U+2029 escaped.
 */
final class JsonpCallback {
    /** The spec's default callback name when a request names none. */
    static final String DEFAULT = "jsonpcallback";
    static final int MAX_LENGTH = 64;
    private static final Pattern NAME =
            Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");

    private JsonpCallback() {
    }

    static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && NAME.matcher(name).matches();
    }

    /** {@code /**}{@code /name(json);} as UTF-8. */
    static byte[] wrap(String name, byte[] json) {
        String js = new String(json, StandardCharsets.UTF_8).replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
        return ("/**/" + name + "(" + js + ");").getBytes(StandardCharsets.UTF_8);
    }
}
