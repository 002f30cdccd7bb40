package org.orbited.webirc.helpdesk;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.orbited.plugin.ClientEndReason;
import org.orbited.plugin.ClientInfo;
import org.orbited.plugin.ClientListener;
import org.orbited.plugin.OrbitedPlugin;
import org.orbited.plugin.PluginContext;
import org.orbited.plugin.ServerChannels;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code [plugin:helpdesk]}: the help desk of WebIRC's local mode (docs/webirc.md "Local mode: the help desk").
 * Visitors talk to it through the widget on {@code /service/helpdesk/*} ({@code hello}, {@code say},
 * {@code typing}, {@code name}, {@code leave}, {@code bye}); helpers through the helper page on
 * {@code /service/helpdesk/helper/*}; events are delivered to one client at a time on
 * {@code /service/helpdesk/events}.
 *
 * <p>Threading: every request and client event is handled on the plugin's thread ({@code plugin-helpdesk}); the
 * plugin adds one thread of its own, {@code helpdesk-store}, which ticks (store check every second, housekeeping
 * every minute: both hand their work to the plugin's thread) and writes the store file. {@link #stop} ends that
 * thread (bounded) and writes what changed since the last write.
 *
 * <p>One instance per node: the services have fixed names, so a second section's instance fails to start.
 */
public final class HelpDeskPlugin implements OrbitedPlugin {
    private static final Logger LOG = LoggerFactory.getLogger(HelpDeskPlugin.class);

    private ScheduledExecutorService storeThread;
    private StoreWriter writer;

    @Override
    public String name() {
        return "helpdesk";
    }

    @Override
    public void start(PluginContext context) {
        HelpDeskOptions options = HelpDeskOptions.parse(context.name(), context.options());
        ServerChannels channels = context.channels();
        Clock clock = Clock.systemUTC();
        String key = options.keySignIn() && options.helperKey() == null ? Ids.secret() : options.helperKey();
        Desk desk = new Desk(options, key, channels, clock);
        HelpDeskStore store = options.store() == null ? null : new HelpDeskStore(options.store());
        boolean writable = false;
        if (store != null) {
            HelpDeskStore.Loaded loaded = store.load(clock.instant());
            int left = loaded.data().applyTo(desk);
            writable = loaded.writable();
            LOG.info("helpdesk: {} conversations and {} offline messages from {}{}", desk.conversations.size(),
                    desk.offline.size(), store.file(), left > 0 ? " (" + left + " beyond the limits left out)" : "");
        }
        HelpDeskService service = new HelpDeskService(desk);
        try {
            channels.handleService(HelpDeskService.ROOT + "**", request -> {
                ObjectNode answer = service.handle(request.clientId(), request.channel(), request.data());
                if (answer != null) {
                    request.reply(answer);
                }
            });
        } catch (IllegalStateException e) {
            throw new IllegalStateException("[plugin:" + context.name() + "]: " + HelpDeskService.ROOT
                    + "** is taken; one help desk per node", e);
        }
        channels.watchClients(new ClientListener() {
            @Override
            public void onEnded(ClientInfo client, ClientEndReason reason) {
                if (reason == ClientEndReason.SHUTDOWN) {
                    return; // the node is going down: telling visitors "no helper online" now would be false
                }
                desk.clientEnded(client.clientId());
            }
        });
        storeThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "helpdesk-store");
            t.setDaemon(true);
            return t;
        });
        if (store != null && writable) {
            writer = new StoreWriter(store, desk, context.executor(), storeThread, clock);
            storeThread.scheduleWithFixedDelay(writer::tick, 1, 1, TimeUnit.SECONDS);
        }
        storeThread.scheduleWithFixedDelay(() -> context.executor().execute(desk::sweep), 1, 1, TimeUnit.MINUTES);
        LOG.info("helpdesk: desks {}, store {}, helpers sign in by {}{}", options.deskList(),
                store == null ? "none (memory only)" : store.file() + (writable ? "" : " (read failed: memory only)"),
                "identity (" + options.helperAttribute() + " in " + options.helperRoles() + ")",
                options.keySignIn() ? " or key" : "");
        if (options.keySignIn() && options.helperKey() == null) {
            LOG.info("helpdesk: helpers sign in at {}#key={}", options.helperPage(), key);
        }
    }

    @Override
    public void stop() throws InterruptedException {
        if (storeThread != null) {
            storeThread.shutdown();
            if (!storeThread.awaitTermination(5, TimeUnit.SECONDS)) {
                storeThread.shutdownNow();
                LOG.warn("helpdesk: the store thread did not finish within 5 s");
            }
        }
        if (writer != null) {
            writer.flushNow();
        }
    }
}
