package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.orbited.bridge.common.BridgeEvent;

/**
 * {@link ForwardingCallbacks} (and so mirror mode's {@link MirrorBridge}) forwards every method of
 * {@link NetworkConnection.Callbacks}, including ones added later with a default body: each is overridden, and a
 * call reaches {@code next} with the same arguments.
 */
class ForwardingCallbacksTest {
    @Test
    void everyCallbackMethodIsOverriddenAndForwardedWithItsArguments() throws Exception {
        List<String> seen = new ArrayList<>();
        NetworkConnection.Callbacks next = (NetworkConnection.Callbacks) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {NetworkConnection.Callbacks.class},
                (proxy, method, args) -> {
                    seen.add(method.getName() + Arrays.toString(method.getParameterTypes()) + Arrays.toString(args));
                    return null;
                });
        ForwardingCallbacks forwarding = new ForwardingCallbacks(next) { };
        List<Method> methods = Arrays.stream(NetworkConnection.Callbacks.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers())).toList();
        assertThat(methods).hasSizeGreaterThanOrEqualTo(9);
        for (Method m : methods) {
            assertThat(ForwardingCallbacks.class.getDeclaredMethod(m.getName(), m.getParameterTypes()))
                    .as("ForwardingCallbacks overrides %s", m).isNotNull();
            Object[] args = Arrays.stream(m.getParameterTypes()).map(ForwardingCallbacksTest::sample).toArray();
            seen.clear();
            m.invoke(forwarding, args);
            assertThat(seen).as("%s forwarded once, unchanged", m)
                    .containsExactly(m.getName() + Arrays.toString(m.getParameterTypes()) + Arrays.toString(args));
        }
    }

    private static Object sample(Class<?> type) {
        if (type == String.class) {
            return "s" + System.nanoTime();
        } else if (type == int.class) {
            return 7;
        } else if (type == boolean.class) {
            return true;
        } else if (type == CaseMapping.class) {
            return CaseMapping.ASCII;
        } else if (type == IrcRefusal.class) {
            return IrcRefusal.of(473, List.of("bridge", "#x", "Cannot join channel (+i)"));
        } else if (type == BridgeEvent.class) {
            return BridgeEvent.of(BridgeEvent.Type.MESSAGE, null, "op", "hi", java.time.Instant.EPOCH);
        } else if (type == IrcEventTranslator.Delivery.class) {
            return new IrcEventTranslator.Delivery(List.of("#x"),
                    BridgeEvent.of(BridgeEvent.Type.MESSAGE, "#x", "op", "hi", java.time.Instant.EPOCH));
        }
        throw new AssertionError("no sample for " + type + ": add one");
    }
}
