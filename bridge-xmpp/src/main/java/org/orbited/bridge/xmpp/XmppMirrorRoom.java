package org.orbited.bridge.xmpp;

import java.util.Objects;
import org.jivesoftware.smack.MessageListener;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.muc.MucEnterConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatException;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.UserStatusListener;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.parts.Resourcepart;
import org.jxmpp.stringprep.XmppStringprepException;

/**
 * The bridge occupant's membership of one mirror room (a carrier, docs/xmpp.md "Mirror mode") on one XMPP
 * connection: entering it (creating and configuring it when it does not exist), sending frames as groupchat bodies,
 * leaving. One object per successful {@link #enter}; a later join makes a new one.
 *
 * <p><b>Room.</b> Entered with {@code requestNoHistory()} and {@code mirror.key} as the room password. prosody sets
 * the password of a room its creator's join presence creates ({@code muc-room-pre-create}), so the room is never
 * open; the creator (status 201) then submits the configuration form: hidden ({@code muc#roomconfig_publicroom}
 * false), password ({@code muc#roomconfig_roomsecret}), not persistent, no history
 * ({@code muc#roomconfig_historylength} 0), each only when the service's form has the field. Submitting also
 * unlocks a room on services that lock new rooms until configured (XEP-0045 10.1.3). A nick the room refuses as
 * taken ({@code conflict}: another node of the cluster with the same section, or this node's ghost after a
 * restart) is retried as {@code nick1}, {@code nick2}, ... up to {@value #MAX_NICK_TRIES} tries.
 *
 * <p><b>Threads.</b> {@link #enter}, {@link #send} and {@link #leave} block (up to the connection's reply timeout,
 * or while Smack's writer queue is full) and run on the mirror's io thread only. The {@link Events} are called on
 * Smack's listener threads (the reader waits for them): implementations copy and hand over, never block, never
 * call Smack.
 */
final class XmppMirrorRoom {
    /** Nick tries: the configured nick, then nick1 .. nick(N-1). */
    static final int MAX_NICK_TRIES = 20;

    /** What the room tells the mirror; called on Smack threads, must not block. */
    interface Events {
        /**
         * A groupchat body in the room: {@code sender} is the occupant's nick (null when the room itself spoke),
         * {@code delayed} true for history (a delay element; none is requested).
         */
        void body(XmppMirrorRoom room, String sender, String body, boolean delayed);

        /** The room removed us (kick, ban, room destroyed, service shutdown): {@code why} for the log. */
        void removed(XmppMirrorRoom room, String why);
    }

    private final MultiUserChat muc;
    private final Events events;
    private final MessageListener messages = this::onMessage;
    private final UserStatusListener status = new Removal();
    private volatile String nick;
    private volatile boolean created;

    private XmppMirrorRoom(MultiUserChat muc, Events events) {
        this.muc = muc;
        this.events = Objects.requireNonNull(events, "events");
    }

    /** Our nick in the room (the one being tried while {@link #enter} runs). */
    String nick() {
        return nick;
    }

    /** The room's bare JID. */
    EntityBareJid jid() {
        return muc.getRoom();
    }

    /** True while the connection this membership is on is logged in. */
    boolean linkAlive() {
        return muc.getXmppConnection().isAuthenticated();
    }

    /** True when this join created the room (and configured it). */
    boolean created() {
        return created;
    }

    /**
     * Enters {@code room} on {@code connection} as {@code nick} (or a fallback, see the class), creating and
     * configuring it if needed. Io thread only.
     *
     * @param password       {@code mirror.key}, or null for a room without password
     * @param replyTimeoutMs how long to wait for the room's answer to each step
     * @throws XMPPException.XMPPErrorException the room refused (not-authorized: wrong {@code mirror.key};
     *                                          forbidden; registration-required; conflict for every nick tried ...)
     */
    static XmppMirrorRoom enter(XMPPConnection connection, EntityBareJid room, String nick, String password,
                                long replyTimeoutMs, Events events)
            throws XMPPException.XMPPErrorException, SmackException, InterruptedException, XmppStringprepException {
        XmppMirrorRoom r = new XmppMirrorRoom(MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(room),
                events);
        r.join(nick, password, replyTimeoutMs);
        return r;
    }

    private void join(String baseNick, String password, long replyTimeoutMs)
            throws XMPPException.XMPPErrorException, SmackException, InterruptedException, XmppStringprepException {
        // Registered before the join presence goes out, so nothing said right after our join is missed; they stay
        // on the MultiUserChat object (one per connection and room) until leave() removes them.
        muc.addMessageListener(messages);
        muc.addUserStatusListener(status);
        XMPPException.XMPPErrorException conflict = null;
        try {
            for (int i = 0; i < MAX_NICK_TRIES; i++) {
                nick = i == 0 ? baseNick : baseNick + i;
                MucEnterConfiguration.Builder b = muc.getEnterConfigurationBuilder(Resourcepart.from(nick))
                        .requestNoHistory().timeoutAfter(replyTimeoutMs);
                if (password != null) {
                    b.withPassword(password);
                }
                try {
                    if (muc.createOrJoin(b.build()) != null) {
                        created = true;
                        configure(muc, password);
                    }
                    return;
                } catch (XMPPException.XMPPErrorException e) {
                    if (e.getStanzaError() == null
                            || e.getStanzaError().getCondition() != StanzaError.Condition.conflict) {
                        throw e;
                    }
                    conflict = e;
                }
            }
            throw conflict;
        } catch (XMPPException.XMPPErrorException | SmackException | InterruptedException | XmppStringprepException
                 | RuntimeException e) {
            removeListeners();
            if (created && muc.isJoined()) {
                leaveQuietly();  // created but the configuration failed: do not stay in a half-made room
            }
            throw e;
        }
    }

    private void onMessage(Message m) {
        String body = m.getBody();
        if (body == null || m.getType() != Message.Type.groupchat) {
            return;  // subject changes, chat states, errors: no frame
        }
        Jid from = m.getFrom();
        Resourcepart sender = from == null ? null : from.getResourceOrNull();
        events.body(this, sender == null ? null : sender.toString(), body, DelayInformation.from(m) != null);
    }

    /** Our own removal by the room. */
    private final class Removal implements UserStatusListener {
        @Override
        public void kicked(Jid actor, String reason) {
            events.removed(XmppMirrorRoom.this, "kicked" + (reason == null ? "" : ": " + reason));
        }

        @Override
        public void banned(Jid actor, String reason) {
            events.removed(XmppMirrorRoom.this, "banned" + (reason == null ? "" : ": " + reason));
        }

        @Override
        public void roomDestroyed(MultiUserChat alternate, String reason) {
            events.removed(XmppMirrorRoom.this, "room destroyed" + (reason == null ? "" : ": " + reason));
        }

        @Override
        public void removed(MUCUser mucUser, Presence presence) {
            events.removed(XmppMirrorRoom.this, "removed by the room");
        }
    }

    /**
     * Submits the creator's configuration (see the class). A field the service does not offer is skipped: every
     * room is still entered with the password, which is what keeps outsiders out.
     */
    private static void configure(MultiUserChat muc, String password)
            throws SmackException.NoResponseException, XMPPException.XMPPErrorException,
            SmackException.NotConnectedException, InterruptedException {
        FillableForm form = muc.getConfigurationForm().getFillableForm();
        if (form.hasField("muc#roomconfig_publicroom")) {
            form.setAnswer("muc#roomconfig_publicroom", false);
        }
        if (form.hasField("muc#roomconfig_persistentroom")) {
            form.setAnswer("muc#roomconfig_persistentroom", false);
        }
        if (form.hasField("muc#roomconfig_historylength")) {
            form.setAnswer("muc#roomconfig_historylength", "0");
        }
        if (password != null) {
            if (form.hasField("muc#roomconfig_passwordprotectedroom")) {
                form.setAnswer("muc#roomconfig_passwordprotectedroom", true);
            }
            if (form.hasField("muc#roomconfig_roomsecret")) {
                form.setAnswer("muc#roomconfig_roomsecret", password);
            }
        }
        muc.sendConfigurationForm(form);
    }

    /**
     * Sends one frame as a groupchat body. Io thread only; blocks while Smack's writer queue is full.
     *
     * @throws SmackException.NotConnectedException the link is gone (the frame is lost)
     */
    void send(String frame) throws SmackException.NotConnectedException, InterruptedException {
        muc.sendMessage(muc.buildMessage().setBody(frame));
    }

    /**
     * Drops the stanzas MultiUserChat keeps for {@code nextMessage()} (up to 5000 per room, docs/xmpp.md notes):
     * the listener already had them. Never blocks; any thread.
     */
    void drain() {
        try {
            for (int i = 0; i < 10_000 && muc.pollMessage() != null; i++) {
                // discard
            }
        } catch (MultiUserChatException.MucNotJoinedException notJoined) {
            // nothing kept
        }
    }

    /** Leaves the room (best effort: the link may be gone) and removes this membership's listeners. Io thread. */
    void leave() {
        removeListeners();
        if (muc.isJoined()) {
            leaveQuietly();
        }
    }

    private void removeListeners() {
        muc.removeMessageListener(messages);
        muc.removeUserStatusListener(status);
    }

    private void leaveQuietly() {
        try {
            muc.leave();
        } catch (Exception ignored) {
            // link lost or the room is gone: nothing to leave
        }
    }

    @Override
    public String toString() {
        return muc.getRoom() + "/" + nick;
    }
}
