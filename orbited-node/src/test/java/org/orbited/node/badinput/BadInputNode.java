package org.orbited.node.badinput;

import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.orbited.node.config.NodeConfig;
import org.orbited.node.testing.RunningNode;

/**
 * The node of one bad-input test class and its {@link WellBehavedPeers} (a JUnit extension: register it as a
 * static field). Started before the first test; after the last one the node must still answer {@code /_/status},
 * then both are stopped.
 */
final class BadInputNode implements BeforeAllCallback, AfterAllCallback {
    private final UnaryOperator<NodeConfig.Builder> tweak;
    private RunningNode node;
    private WellBehavedPeers peers;

    private BadInputNode(UnaryOperator<NodeConfig.Builder> tweak) {
        this.tweak = tweak;
    }

    /** A node with {@code tweak} applied to the defaults. */
    static BadInputNode with(UnaryOperator<NodeConfig.Builder> tweak) {
        return new BadInputNode(tweak);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        node = RunningNode.start(tweak);
        peers = new WellBehavedPeers(node);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            peers.assertStatusAnswers();
        } finally {
            peers.close();
            node.close();
        }
    }

    RunningNode node() {
        return node;
    }

    WellBehavedPeers peers() {
        return peers;
    }
}
