package org.orbited.node.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.orbited.node.plugin.PluginStatus.State;
import org.orbited.plugin.ChannelListener;
import org.orbited.plugin.OrbitedPlugin;
import org.orbited.plugin.Origin;
import org.orbited.plugin.PluginContext;
import org.orbited.plugin.PublishedMessage;
import org.orbited.plugin.Registration;
import org.orbited.plugin.SubscriptionEvent;

/** {@link PluginHost} with the test plugins of META-INF/services and {@link RecordingServerChannels}. */
class PluginHostTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PluginHost.Limits FAST =
            new PluginHost.Limits(Duration.ofSeconds(1), Duration.ofSeconds(1), 10_000);

    private final Map<String, RecordingServerChannels> channels = new ConcurrentHashMap<>();
    private final ServerChannelsFactory recording =
            (name, executor) -> channels.computeIfAbsent(name, n -> new RecordingServerChannels(n, executor));
    private final List<PluginHost> hosts = new ArrayList<>();

    @BeforeEach
    void reset() {
        EchoTestPlugin.reset();
        LifecycleTestPlugin.reset();
        ThrowingTestPlugin.reset();
        BlockingTestPlugin.reset();
    }

    @AfterEach
    void stopHosts() {
        hosts.forEach(PluginHost::stop);
    }

    private PluginHost host(Map<String, Map<String, String>> plugins, PluginHost.Limits limits) {
        PluginHost h = new PluginHost(plugins, getClass().getClassLoader(), recording, limits);
        hosts.add(h);
        return h;
    }

    private PluginHost started(String... names) {
        Map<String, Map<String, String>> plugins = new LinkedHashMap<>();
        for (String n : names) {
            plugins.put(n, Map.of());
        }
        return host(plugins, FAST).start();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void startsTheConfiguredPluginByNameWithItsOptionsOnItsOwnThread() {
        PluginHost host = host(Map.of(LifecycleTestPlugin.NAME, Map.of("greeting", "hello", "port", "6667")),
                PluginHost.Limits.DEFAULT).start();

        assertThat(host.started()).containsExactly(LifecycleTestPlugin.NAME);
        assertThat(LifecycleTestPlugin.options()).isEqualTo(Map.of("greeting", "hello", "port", "6667"));
        assertThat(LifecycleTestPlugin.events()).containsExactly("start on plugin-lifecycle-test");
        assertThat(host.statuses()).containsExactly(new PluginStatus(LifecycleTestPlugin.NAME, State.STARTED, 0, null));
        assertThat(EchoTestPlugin.lifecycle()).as("a plugin with no section does not start").isEmpty();
    }

    @Test
    void anUnknownNameFailsWithTheSectionAndTheAvailablePlugins() {
        assertThatThrownBy(() -> host(Map.of("irc", Map.of(), EchoTestPlugin.NAME, Map.of()), FAST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[plugin:irc] is active, but no plugin on the class path is named 'irc'")
                .hasMessageContaining("available: blocking-test, data-policy-test, echo-test, helpdesk, identity-test, lifecycle-test, scoped-test, start-probe-test, throwing-test")
                .hasMessageContaining("META-INF/services/org.orbited.plugin.OrbitedPlugin");
        assertThat(EchoTestPlugin.lifecycle()).as("nothing starts when one name is wrong").isEmpty();
    }

    @Test
    void withNoPluginConfiguredNoProviderIsInstantiated() {
        int before = LifecycleTestPlugin.instances();

        PluginHost host = host(Map.of(), FAST).start();

        assertThat(host.started()).isEmpty();
        assertThat(host.statuses()).isEmpty();
        assertThat(LifecycleTestPlugin.instances()).isEqualTo(before);
    }

    @Test
    void callbacksFromManyThreadsRunOnThePluginThreadOneAtATimeInOrder() throws Exception {
        started(EchoTestPlugin.NAME);
        RecordingServerChannels engine = channels.get(EchoTestPlugin.NAME);
        int threads = 4;
        int each = 250;
        List<Thread> publishers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int publisher = t;
            publishers.add(new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    engine.fire("/chat/room" + publisher, json("{\"n\":" + i + "}"));
                }
            }, "engine-io-" + t));
        }
        publishers.forEach(Thread::start);
        for (Thread p : publishers) {
            p.join(WAIT.toMillis());
        }

        await().atMost(WAIT).until(() -> EchoTestPlugin.heard().size() == threads * each);
        List<EchoTestPlugin.Heard> heard = EchoTestPlugin.heard();
        assertThat(heard).extracting(EchoTestPlugin.Heard::thread).containsOnly("plugin-echo-test");
        assertThat(EchoTestPlugin.maxConcurrentCallbacks()).isEqualTo(1);
        for (int t = 0; t < threads; t++) {
            String room = "/chat/room" + t;
            assertThat(heard.stream().filter(h -> h.message().channel().equals(room))
                    .map(h -> h.message().data().get("n").asInt()).toList())
                    .as("publications of one thread arrive in order").isEqualTo(rangeList(each));
        }
    }

    @Test
    void aCallbackTheEngineAlreadyRunsOnThePluginExecutorRunsOnceThere() {
        started(EchoTestPlugin.NAME);

        channels.get(EchoTestPlugin.NAME).fireViaExecutor("/chat/a", json("{\"n\":1}"));

        await().atMost(WAIT).until(() -> EchoTestPlugin.heard().size() == 1);
        assertThat(EchoTestPlugin.heard()).extracting(EchoTestPlugin.Heard::thread).containsExactly("plugin-echo-test");
    }

    @Test
    void theEchoServiceRepliesWithTheRequestDataOnThePluginThread() {
        started(EchoTestPlugin.NAME);

        RecordingServerChannels.RecordingServiceRequest r =
                channels.get(EchoTestPlugin.NAME).request(EchoTestPlugin.SERVICE, json("{\"text\":\"hi\"}"));

        await().atMost(WAIT).until(() -> r.reply.get() != null);
        assertThat(r.reply.get()).isEqualTo(json("{\"echo\":{\"text\":\"hi\"}}"));
        assertThat(r.replyThread.get()).isEqualTo("plugin-echo-test");
    }

    @Test
    void subscriptionEventsReachTheWatcher() {
        started(EchoTestPlugin.NAME);

        channels.get(EchoTestPlugin.NAME).subscribe("client-9", "/chat/lobby", true, 1);

        await().atMost(WAIT).until(() -> EchoTestPlugin.subscriptions().size() == 1);
        assertThat(EchoTestPlugin.subscriptions()).containsExactly(new SubscriptionEvent("client-9", "/chat/lobby", true, 1));
    }

    @Test
    void aThrowingCallbackDoesNotStopTheOnesAfterIt() {
        PluginHost host = started(EchoTestPlugin.NAME);
        RecordingServerChannels engine = channels.get(EchoTestPlugin.NAME);

        engine.fire("/chat/a", json("{\"n\":1,\"throw\":true}"));
        engine.fire("/chat/a", json("{\"n\":2}"));
        engine.fire("/chat/a", json("{\"n\":3,\"throw\":true}"));
        engine.fire("/chat/a", json("{\"n\":4}"));

        await().atMost(WAIT).until(() -> EchoTestPlugin.heard().size() == 4);
        assertThat(EchoTestPlugin.heard()).extracting(h -> h.message().data().get("n").asInt()).containsExactly(1, 2, 3, 4);
        assertThat(host.started()).containsExactly(EchoTestPlugin.NAME);
    }

    @Test
    void aFullQueueDropsAndCountsCallbacks() throws Exception {
        PluginHost host = host(Map.of(EchoTestPlugin.NAME, Map.of()),
                new PluginHost.Limits(Duration.ofSeconds(5), Duration.ofSeconds(5), 5)).start();
        RecordingServerChannels engine = channels.get(EchoTestPlugin.NAME);
        CountDownLatch busy = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        EchoTestPlugin.context().executor().execute(() -> {
            busy.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(busy.await(10, TimeUnit.SECONDS)).as("the plugin thread is busy").isTrue();

        for (int i = 1; i <= 12; i++) {
            engine.fire("/chat/a", json("{\"n\":" + i + "}"));
        }

        assertThat(host.statuses()).extracting(PluginStatus::droppedTasks).containsExactly(7L);
        release.countDown();
        await().atMost(WAIT).until(() -> EchoTestPlugin.heard().size() == 5);
        assertThat(EchoTestPlugin.heard()).extracting(h -> h.message().data().get("n").asInt())
                .containsExactly(1, 2, 3, 4, 5);
        engine.fire("/chat/a", json("{\"n\":13}"));
        await().atMost(WAIT).until(() -> EchoTestPlugin.heard().size() == 6);
    }

    @Test
    void stopRunsOnThePluginThreadThenCancelsItsRegistrationsAndMakesItsChannelsInert() {
        PluginHost host = started(EchoTestPlugin.NAME);
        RecordingServerChannels engine = channels.get(EchoTestPlugin.NAME);
        assertThat(engine.active()).extracting(RecordingServerChannels.Reg::kind, RecordingServerChannels.Reg::pattern)
                .containsExactlyInAnyOrder(tuple("service", "/service/echo"), tuple("listen", "/chat/**"),
                        tuple("watch", "/chat/**"));
        PluginContext context = EchoTestPlugin.context();

        host.stop();

        assertThat(EchoTestPlugin.lifecycle()).containsExactly("start on plugin-echo-test", "stop on plugin-echo-test");
        assertThat(engine.active()).isEmpty();
        assertThat(host.statuses()).extracting(PluginStatus::state).containsExactly(State.STOPPED);
        assertThat(host.started()).isEmpty();
        assertThat(context.channels().publish("/chat/late", json("{}"))).isZero();
        Registration late = context.channels().listen("/chat/**", m -> { });
        assertThat(engine.active()).as("a registration after stop never reaches the engine").isEmpty();
        late.cancel();
        assertThat(engine.sent).isEmpty();
        host.stop(); // idempotent
    }

    @Test
    void aCallbackArrivingAfterStopIsIgnored() throws Exception {
        PluginHost host = started(EchoTestPlugin.NAME);
        RecordingServerChannels engine = channels.get(EchoTestPlugin.NAME);
        ChannelListener wrapped = (ChannelListener) engine.active("listen").get(0).callback();

        host.stop();
        wrapped.onPublish(new PublishedMessage("/chat/a", json("{}"), Origin.ORBIT_APP, null, null));

        assertThat(EchoTestPlugin.heard()).isEmpty();
    }

    @Test
    void aPluginThatThrowsInStartFailsAloneAndLosesItsRegistrations() {
        PluginHost host = started(ThrowingTestPlugin.NAME, EchoTestPlugin.NAME, LifecycleTestPlugin.NAME);

        assertThat(host.started()).containsExactly(EchoTestPlugin.NAME, LifecycleTestPlugin.NAME);
        PluginStatus failed = host.statuses().get(2);
        assertThat(failed.name()).isEqualTo(ThrowingTestPlugin.NAME);
        assertThat(failed.state()).isEqualTo(State.FAILED);
        assertThat(failed.failure()).contains("start threw", ThrowingTestPlugin.MESSAGE);
        assertThat(channels.get(ThrowingTestPlugin.NAME).active()).isEmpty();

        channels.get(EchoTestPlugin.NAME).fire("/chat/a", json("{}"));
        await().atMost(WAIT).until(() -> EchoTestPlugin.heard().size() == 1);
        host.stop();
        assertThat(ThrowingTestPlugin.events()).as("a failed plugin gets no stop").containsExactly("start");
        assertThat(host.statuses()).extracting(PluginStatus::state)
                .containsExactly(State.STOPPED, State.STOPPED, State.FAILED);
    }

    @Test
    void aStartThatHangsTimesOutIsInterruptedAndCannotRegisterAfterwards() {
        CompletableFuture<PluginHost> starting =
                CompletableFuture.supplyAsync(() -> started(BlockingTestPlugin.NAME, EchoTestPlugin.NAME));

        assertThat(starting).as("start returns at the 1 s start timeout, not after the plugin's 60 s hang")
                .succeedsWithin(WAIT);
        PluginHost host = starting.join();
        assertThat(host.started()).containsExactly(EchoTestPlugin.NAME);
        assertThat(host.statuses().get(0)).satisfies(s -> {
            assertThat(s.state()).isEqualTo(State.FAILED);
            assertThat(s.failure()).isEqualTo("start did not return within 1000 ms");
        });
        await().atMost(WAIT).until(() -> BlockingTestPlugin.events().contains("registered late"));
        assertThat(BlockingTestPlugin.events()).containsExactly("start", "interrupted", "registered late");
        assertThat(channels.get(BlockingTestPlugin.NAME).active()).isEmpty();
    }

    @Test
    void aFactoryThatCannotServeAPluginFailsOnlyThatPlugin() {
        ServerChannelsFactory picky = (name, executor) -> {
            if (name.equals(LifecycleTestPlugin.NAME)) {
                throw new IllegalStateException("no channels for you");
            }
            return recording.create(name, executor);
        };
        PluginHost host = new PluginHost(Map.of(LifecycleTestPlugin.NAME, Map.of(), EchoTestPlugin.NAME, Map.of()),
                getClass().getClassLoader(), picky, FAST);
        hosts.add(host);

        host.start();

        assertThat(host.started()).containsExactly(EchoTestPlugin.NAME);
        assertThat(host.statuses().get(1).failure()).contains("could not give it channels", "no channels for you");
        assertThat(LifecycleTestPlugin.events()).isEmpty();
    }

    @Test
    void aStopThatThrowsIsLoggedAndTheOthersStillStop() {
        PluginHost host = host(Map.of(LifecycleTestPlugin.NAME, Map.of("stop", "throw"), EchoTestPlugin.NAME, Map.of()),
                FAST).start();

        host.stop();

        assertThat(LifecycleTestPlugin.events()).containsExactly("start on plugin-lifecycle-test",
                "stop on plugin-lifecycle-test");
        assertThat(EchoTestPlugin.lifecycle()).contains("stop on plugin-echo-test");
        assertThat(channels.get(EchoTestPlugin.NAME).active()).isEmpty();
        assertThat(host.statuses()).extracting(PluginStatus::state).containsOnly(State.STOPPED);
    }

    @Test
    void aStopThatHangsIsBoundedAndInterrupted() {
        PluginHost host = host(Map.of(LifecycleTestPlugin.NAME, Map.of("stop", "hang")), FAST).start();

        assertThat(CompletableFuture.runAsync(host::stop))
                .as("stop returns at the 1 s stop timeout, not after the plugin's 60 s hang").succeedsWithin(WAIT);
        await().atMost(WAIT).until(() -> LifecycleTestPlugin.events().contains("stop interrupted"));
    }

    @Test
    void startTwiceIsAnError() {
        PluginHost host = started();

        assertThatThrownBy(host::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already started");
    }

    private static List<Integer> rangeList(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }
}
