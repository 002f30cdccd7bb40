package org.orbited.node.bayeux.conformance;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.orbited.node.config.NodeConfig;
import org.orbited.node.testing.RunningNode;

/**
 * One node for a whole test class (a JUnit extension: register it as a static field), started before the first
 * test and stopped after the last, and the URL of its Bayeux endpoint.
 */
final class SharedNode implements BeforeAllCallback, AfterAllCallback {
    private final UnaryOperator<NodeConfig.Builder> tweak;
    private RunningNode node;

    private SharedNode(UnaryOperator<NodeConfig.Builder> tweak) {
        this.tweak = tweak;
    }

    /** The conformance suites' node: connects held 3 s, sessions expire after 10 s without one. */
    static SharedNode forConformance() {
        return new SharedNode(b -> b.bayeux(x -> x.timeoutMillis(3000).maxIntervalMillis(10000)));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        node = RunningNode.start(tweak);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        node.close();
    }

    int httpPort() {
        return node.httpPort();
    }

    /** {@code http://127.0.0.1:<port>/cometd}. */
    String url() {
        return "http://127.0.0.1:" + node.httpPort() + "/cometd";
    }
}
