package org.orbited.webirc.helpdesk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code [plugin:helpdesk]} section, parsed and checked (docs/webirc.md "Local mode: the help desk",
 * "Configuration"). Immutable.
 *
 * @param desks            the desk names visitors may use; empty set with {@code anyDesk} for {@code *}
 * @param anyDesk          {@code desks = *}: any name of the grammar {@code [a-z0-9_-]{1,32}}
 * @param helperKey        the key helpers sign in with; null when none was configured (one is generated) or when
 *                         {@code keySignIn} is false
 * @param keySignIn        false with {@code helper.key = off}
 * @param helperAttribute  the identity attribute that makes a helper ({@code role})
 * @param helperRoles      its values that do ({@code helper})
 * @param helperPage       where the helper page is served, for the sign-in line logged with a generated key
 * @param store            the JSON file kept across restarts; null: memory only
 * @param textMax          longest line, in characters
 * @param historyMax       lines kept per conversation
 * @param conversationsMax conversations kept
 * @param offlineMax       offline messages kept
 * @param visitorsMax      visitors known at once (with or without a conversation)
 * @param visitorRate      lines a visitor may send per 10 s (say, leave, name)
 * @param helperRate       lines a helper may send per 10 s
 * @param typing           whether typing notices are passed on
 * @param greeting         the system line a new conversation starts with; null: none
 * @param conversationIdle an open conversation whose visitor has been gone this long is closed; zero: never
 * @param addressRate      new visitors, new conversations and offline messages per client address per minute
 *                         (each counted on its own); zero: no per-address rate
 * @param addressConversations open conversations per client address before the address's oldest unanswered one
 *                         is closed; zero: no cap
 * @param storeMaxBytes    the text budget: bytes (UTF-8, plus {@link TextBudget#OVERHEAD} a line) of every kept
 *                         line and offline message together
 */
public record HelpDeskOptions(Set<String> desks, boolean anyDesk, String helperKey, boolean keySignIn,
                              String helperAttribute, Set<String> helperRoles, String helperPage, Path store,
                              int textMax, int historyMax, int conversationsMax, int offlineMax, int visitorsMax,
                              int visitorRate, int helperRate, boolean typing, String greeting,
                              Duration conversationIdle, int addressRate, int addressConversations,
                              long storeMaxBytes) {
    /** The store's file name when {@code store} is absent, in the node's working directory. */
    public static final String DEFAULT_STORE = "helpdesk-data.json";
    /** The default text budget, {@code store.max_bytes}: 32 MiB. */
    public static final int DEFAULT_MAX_BYTES = 32 << 20;
    /** The shortest configured helper key. */
    public static final int KEY_MIN = 16;

    public HelpDeskOptions {
        desks = Set.copyOf(desks);
        helperRoles = Set.copyOf(helperRoles);
    }

    /** The options of section {@code [plugin:<section>]}; throws {@link IllegalArgumentException} naming a bad key. */
    public static HelpDeskOptions parse(String section, Map<String, String> options) {
        OptionReader r = new OptionReader(section, options);
        Set<String> desks = words(r.string("desks", "support"));
        boolean any = desks.contains("*");
        if (any && desks.size() > 1) {
            throw r.bad("desks", "'*' (any desk) stands alone");
        }
        desks.removeIf("*"::equals);
        for (String d : desks) {
            if (!HelpDeskText.isDeskName(d)) {
                throw r.bad("desks", "'" + d + "' is not a desk name ([a-z0-9_-]{1,32})");
            }
        }
        String key = r.string("helper.key", null);
        boolean keySignIn = !"off".equals(key);
        if (key != null && keySignIn && (key.length() < KEY_MIN || key.chars().anyMatch(c -> c <= 0x20))) {
            throw r.bad("helper.key", "at least " + KEY_MIN + " characters without spaces, or off");
        }
        String attribute = r.string("helper.attribute", "role");
        Set<String> roles = words(r.string("helper.roles", "helper"));
        String page = r.string("helper.page", "/webirc/helper.html");
        Path store = !r.has("store") ? Path.of(DEFAULT_STORE)
                : r.string("store", null) == null ? null : Path.of(r.string("store", null));
        int textMax = r.integer("text.max", 2000, 1, 20_000);
        String greeting = r.string("greeting", null);
        if (greeting != null) {
            try {
                greeting = HelpDeskText.text(greeting, textMax);
            } catch (HelpDeskRefusal e) {
                throw r.bad("greeting", e.getMessage());
            }
        }
        HelpDeskOptions o = new HelpDeskOptions(desks, any, keySignIn ? key : null, keySignIn, attribute, roles, page,
                store, textMax, r.integer("history.max", 200, 1, 10_000),
                r.integer("conversations.max", 1000, 1, 100_000), r.integer("offline.max", 1000, 1, 100_000),
                r.integer("visitors.max", 10_000, 1, 1_000_000), r.integer("visitor.rate", 10, 1, 1000),
                r.integer("helper.rate", 30, 1, 1000), r.bool("typing", true), greeting,
                r.duration("conversation.idle", Duration.ofHours(24), Duration.ofDays(365)),
                r.integer("address.rate", 20, 0, 100_000), r.integer("address.conversations", 3, 0, 100_000),
                r.integer("store.max_bytes", DEFAULT_MAX_BYTES, 64 << 10, 1 << 30));
        r.rejectUnknown();
        return o;
    }

    /** Whether visitors may use {@code desk} (a name of the grammar that is configured, or any with {@code *}). */
    public boolean allows(String desk) {
        return HelpDeskText.isDeskName(desk) && (anyDesk || desks.contains(desk));
    }

    /** The desks as helpers are told: the configured names, or {@code ["*"]}. */
    public Set<String> deskList() {
        return anyDesk ? Set.of("*") : desks;
    }

    private static Set<String> words(String value) {
        Set<String> out = new LinkedHashSet<>(Arrays.asList(value.trim().split("[\\s,]+")));
        out.remove("");
        return out;
    }

    @Override
    public String toString() {   // never the key
        return "HelpDeskOptions[desks=" + deskList() + ", store=" + store + ", keySignIn=" + keySignIn + "]";
    }
}
