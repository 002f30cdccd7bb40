package org.orbited.node.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.orbited.plugin.OrbitedPlugin;
import org.orbited.plugin.PluginContext;
import org.orbited.plugin.SecurityPolicy;

/**
 * Test plugin {@code data-policy-test}: adds a scoped {@link SecurityPolicy} that overrides only the data-aware
 * {@link SecurityPolicy#canPublish(String, String, JsonNode)} and denies, with reason {@value #REASON}, a publish
 * whose data is an object with a string {@code text} holding CR, LF or NUL. Records the threads it was asked on.
 */
public final class DataPolicyTestPlugin implements OrbitedPlugin {
    public static final String NAME = "data-policy-test";
    public static final String REASON = "data_test";

    private static final Set<String> ASKED_ON = ConcurrentHashMap.newKeySet();

    /** The threads the policy was asked on. */
    public static Set<String> askedOn() {
        return Set.copyOf(ASKED_ON);
    }

    public static void reset() {
        ASKED_ON.clear();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start(PluginContext context) {
        context.addSecurityPolicy(new SecurityPolicy() {
            @Override
            public Decision canPublish(String clientId, String channel, JsonNode data) {
                ASKED_ON.add(Thread.currentThread().getName());
                JsonNode text = data.get("text");
                boolean bad = text != null && text.isTextual() && text.asText().matches("(?s).*[\r\n\u0000].*");
                return bad ? Decision.deny(REASON) : Decision.ALLOW;
            }
        });
    }
}
