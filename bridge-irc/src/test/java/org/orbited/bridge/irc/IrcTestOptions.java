package org.orbited.bridge.irc;

import java.util.LinkedHashMap;
import java.util.Map;
import org.orbited.bridge.common.BayeuxBrowser;
import org.orbited.bridge.common.TestOptions;

/**
 * {@code [plugin:irc.local]} options the end-to-end tests share: plain text to {@code 127.0.0.1:port}, the bridge's
 * nick {@code bridge}, allowlist {@code #help #chat-*}, a short join grace, generous flood limits and short reconnect
 * timings (the documented options {@code reconnect.min}, {@code reconnect.max}, {@code register.timeout}).
 */
final class IrcTestOptions {
    /** The say service of {@code [plugin:irc.local]}, for {@code new BayeuxBrowser(port, SAY, IrcTestOptions.SAY)}. */
    static final String SAY = "irc/local/say";

    private IrcTestOptions() {
    }

    /** The shared options, then {@code overrides} as key, value pairs (a later pair wins). Mutable copy. */
    static Map<String, String> local(int port, String... overrides) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("host", "127.0.0.1");
        m.put("port", String.valueOf(port));
        m.put("tls", "0");
        m.put("nick", "bridge");
        m.put("channels", "#help #chat-*");
        m.put("join.grace", "500ms");
        m.put("flood.rate", "100");
        m.put("flood.burst", "20");
        m.put("flood.channel.rate", "100");
        m.put("flood.channel.burst", "20");
        m.put("reconnect.min", "200ms");
        m.put("reconnect.max", "1s");
        m.put("register.timeout", "10s");
        return TestOptions.override(m, overrides);
    }
}
