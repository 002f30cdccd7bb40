package org.orbited.bridge.irc;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import javax.net.SocketFactory;
import org.orbited.bridge.common.SendWatchdog;
import org.pircbotx.Configuration;
import org.pircbotx.hooks.Event;
import org.pircbotx.hooks.Listener;
import org.pircbotx.hooks.managers.GenericListenerManager;

/**
 * The PircBotX 2.1 configuration every {@link NetworkConnection} uses (/work/notes/irc-pircbotx.md): UTF-8, no
 * message delay and no splitting (the bridge paces and splits), no auto-reconnect (the bridge's backoff), no
 * shutdown hook, no WHO on join, one inline listener (events in order on the reader thread), the server's ERROR
 * line reported ({@link ErrorLineWatch}), the verifying TLS socket factory, {@code PASS}, SASL PLAIN
 * ({@link SaslPlainCapHandler}) for a profile that uses it, and {@link QuietCoreHooks} instead of PircBotX's core
 * listener (PONG only, no CTCP answers).
 */
final class PircBotXSettings {
    private PircBotXSettings() {
    }

    static Configuration.Builder builder(IrcOptions options, NetworkConnection.Profile profile,
                                         SocketFactory socketFactory, Consumer<Event> events,
                                         ErrorLineWatch.Listener errorLines, SaslPlainCapHandler.Failure saslFailed,
                                         SendWatchdog watchdog) {
        GenericListenerManager listeners = new GenericListenerManager();
        listeners.addListener(new Listener() {
            @Override
            public void onEvent(Event event) {
                events.accept(event);
            }
        });
        Configuration.Builder b = new Configuration.Builder()
                .setName(profile.nick()).setLogin(profile.login()).setRealName(profile.realName())
                .addServer(options.host(), options.port())
                .setEncoding(StandardCharsets.UTF_8)
                .setMessageDelay(0)
                .setAutoSplitMessage(false)
                .setAutoNickChange(profile.autoNickChange())
                .setAutoReconnect(false)
                .setShutdownHookEnabled(false)
                .setOnJoinWhoEnabled(false)
                .setSocketTimeout(60_000)
                .setListenerManager(listeners)
                .setBotFactory(new ErrorLineWatch(errorLines));
        b.replaceCoreHooksListener(new QuietCoreHooks(watchdog));  // PONG kept, no CTCP answers (R6)
        if (socketFactory != null) {
            b.setSocketFactory(socketFactory);
        }
        if (options.serverPassword() != null) {
            b.setServerPassword(options.serverPassword());
        }
        if (profile.sasl()) {
            b.addCapHandler(new SaslPlainCapHandler(options.saslUser(), options.saslPassword(), saslFailed));
        }
        return b;
    }
}
