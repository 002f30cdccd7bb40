package org.orbited.bridge.irc;

import java.util.Objects;
import org.orbited.bridge.common.BridgeEvent;

/**
 * {@link NetworkConnection.Callbacks} that pass every call on to {@code next} unchanged: the base of a callback that
 * looks at some calls and forwards the rest (mirror mode's {@link MirrorBridge} in front of the {@link RelayBridge}).
 *
 * <p><b>Contract.</b> Every method of {@code Callbacks}, the default ones included, is overridden here and forwards
 * (ForwardingCallbacksTest checks it by reflection), so a callback added to the interface later cannot be lost
 * silently by a subclass: it fails that test until it is forwarded here. A subclass that overrides a method must call
 * {@code super} (or {@link #next}) to keep forwarding it. Threads: whatever thread the connection calls on.
 */
abstract class ForwardingCallbacks implements NetworkConnection.Callbacks {
    /** Where every call goes on. */
    protected final NetworkConnection.Callbacks next;

    protected ForwardingCallbacks(NetworkConnection.Callbacks next) {
        this.next = Objects.requireNonNull(next, "next");
    }

    @Override
    public void onStatus(String status, String reason) {
        next.onStatus(status, reason);
    }

    @Override
    public void onStatus(String status, String code, String reason) {
        next.onStatus(status, code, reason);
    }

    @Override
    public void onRefusal(IrcRefusal refusal) {
        next.onRefusal(refusal);
    }

    @Override
    public void onRegistered(String nick) {
        next.onRegistered(nick);
    }

    @Override
    public void onCaseMapping(CaseMapping caseMapping) {
        next.onCaseMapping(caseMapping);
    }

    @Override
    public void onChannelLimit(int limit) {
        next.onChannelLimit(limit);
    }

    @Override
    public void onEvent(IrcEventTranslator.Delivery delivery) {
        next.onEvent(delivery);
    }

    @Override
    public void onNickInUse(String nick, boolean wasRegistered) {
        next.onNickInUse(nick, wasRegistered);
    }

    @Override
    public void onPrivate(BridgeEvent event) {
        next.onPrivate(event);
    }
}
