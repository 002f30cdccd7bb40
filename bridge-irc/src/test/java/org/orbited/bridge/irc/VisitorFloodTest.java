package org.orbited.bridge.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.orbited.bridge.common.FakeScheduler;
import org.orbited.bridge.common.FloodQueue;
import org.orbited.bridge.common.Refused;
import org.orbited.bridge.common.VisitorFlood;

/** The per-visitor stage before a channel's queue, on a fake clock (both queues share it). */
class VisitorFloodTest {
    private final FakeScheduler time = new FakeScheduler();
    private final List<String> sent = new ArrayList<>();

    /** A channel queue and a visitor stage: visitor rate 1/s, burst 3, queue 10. */
    private VisitorFlood<WantedChannel.Line> flood(FloodQueue<Runnable> channel, int channelCapacity,
                                                   double channelRate) {
        return new VisitorFlood<>(IrcCodes.CODES, 1.0, 3, 10, channel, channelCapacity, channelRate, time,
                Runnable::run, () -> time.now, WantedChannel.Line::clientId,
                (target, line) -> sent.add(line.clientId() + ":" + line.text()));
    }

    private FloodQueue<Runnable> channel(double rate, int burst, int capacity) {
        return new FloodQueue<>(IrcCodes.CODES, rate, burst, capacity, time, () -> time.now, (c, send) -> send.run());
    }

    private static VisitorFlood.Pending<WantedChannel.Line> line(String clientId, String text) {
        return new VisitorFlood.Pending<>("#help", "#help", new WantedChannel.Line(clientId, "/irc/n/$23help", text));
    }

    private static void stage(VisitorFlood<WantedChannel.Line> v, String clientId, int from, int to) {
        for (int i = from; i <= to; i++) {
            v.stage(line(clientId, "m" + i));
        }
    }

    @Test
    void aVisitorsBurstGoesAtOnceThenItsRateHolds() {
        VisitorFlood<WantedChannel.Line> v = flood(channel(1000, 1000, 100), 100, 1000);
        stage(v, "a", 1, 5);
        assertThat(sent).containsExactly("a:m1", "a:m2", "a:m3");
        assertThat(v.staged("a")).isEqualTo(2);
        time.advance(TimeUnit.MILLISECONDS.toNanos(990));
        assertThat(sent).hasSize(3);
        time.advance(TimeUnit.MILLISECONDS.toNanos(20));
        assertThat(sent).endsWith("a:m4");
        time.advance(TimeUnit.SECONDS.toNanos(1));
        assertThat(sent).endsWith("a:m5");
        assertThat(v.staged("a")).isZero();
    }

    @Test
    void aVisitorOverItsOwnQueueIsRefusedAndOthersAreNot() {
        VisitorFlood<WantedChannel.Line> v = flood(channel(1000, 1000, 100), 100, 1000);
        stage(v, "a", 1, 13);  // 3 sent, 10 staged
        assertThat(v.staged("a")).isEqualTo(10);
        assertThatThrownBy(() -> v.admit("a", 1, 0)).isInstanceOfSatisfying(Refused.class, e -> {
            assertThat(e.code()).isEqualTo("irc_flood_queue_full");
            assertThat(e.getMessage()).contains("your lines").contains("at most 10");
        });
        assertThatThrownBy(() -> flood(channel(1, 1, 1), 1, 1).admit("b", 9, 2))  // held lines count too
                .isInstanceOf(Refused.class);
        assertThatCode(() -> v.admit("b", RelayMessage.MAX_LINES, 0)).doesNotThrowAnyException();
        time.advance(TimeUnit.SECONDS.toNanos(11));
        assertThat(sent).hasSize(13);  // nothing admitted was lost
    }

    @Test
    void oneVisitorHoldsAtMostBurstPlacesInTheChannelsQueue() {
        FloodQueue<Runnable> channel = channel(1, 1, 5);  // 1 line/s, capacity 5
        VisitorFlood<WantedChannel.Line> v = new VisitorFlood<>(IrcCodes.CODES, 1000, 2, 10, channel, 5, 1, time,
                Runnable::run, () -> time.now, WantedChannel.Line::clientId,
                (target, line) -> sent.add(line.clientId() + ":" + line.text()));
        stage(v, "a", 1, 8);
        time.advance(TimeUnit.MILLISECONDS.toNanos(10));  // a's bucket refills (1000/s); the channel's does not
        assertThat(sent).containsExactly("a:m1");  // the channel's one token
        assertThat(channel.pending("#help")).isEqualTo(2);  // a's burst, not the whole queue
        assertThat(v.staged("a")).isEqualTo(5);
        v.stage(line("b", "hi"));
        assertThat(channel.pending("#help")).isEqualTo(3);  // b found room
        time.advance(TimeUnit.SECONDS.toNanos(1));
        assertThat(sent).containsExactly("a:m1", "a:m2");
        assertThat(channel.pending("#help")).isEqualTo(3);  // a's next line took the place its sent line left
        time.advance(TimeUnit.SECONDS.toNanos(2));
        assertThat(sent).containsExactly("a:m1", "a:m2", "a:m3", "b:hi");
        time.advance(TimeUnit.SECONDS.toNanos(10));
        assertThat(sent).hasSize(9).endsWith("a:m8");
    }

    @Test
    void aFullChannelQueueMakesStagedLinesWaitNotFail() {
        FloodQueue<Runnable> channel = channel(1, 1, 2);
        List<String> personal = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {  // a personal connection's lines: 1 sent, 2 fill the queue
            String text = "p" + i;
            channel.offer("#help", () -> personal.add(text));
        }
        VisitorFlood<WantedChannel.Line> v = flood(channel, 2, 1);
        v.stage(line("a", "m1"));
        assertThat(v.staged("a")).isEqualTo(1);
        assertThat(sent).isEmpty();
        time.advance(TimeUnit.SECONDS.toNanos(1));  // p2 leaves; the retry after 1/rate finds room
        time.advance(TimeUnit.SECONDS.toNanos(3));
        assertThat(personal).containsExactly("p1", "p2", "p3");
        assertThat(sent).containsExactly("a:m1");
    }

    @Test
    void takeReturnsTheVisitorsLinesForOneChannelStagedAndQueued() {
        FloodQueue<Runnable> channel = channel(0.001, 1, 100);
        VisitorFlood<WantedChannel.Line> v = flood(channel, 100, 0.001);
        channel.offer("#help", () -> sent.add("personal"));
        stage(v, "a", 1, 5);  // 3 in the channel's queue, 2 staged
        v.stage(new VisitorFlood.Pending<>("#other", "#other", new WantedChannel.Line("b", "/x", "elsewhere")));
        List<WantedChannel.Line> taken = v.take("#help");
        assertThat(taken).extracting(WantedChannel.Line::text).containsExactlyInAnyOrder("m1", "m2", "m3", "m4",
                "m5");
        assertThat(channel.pending("#help")).isZero();  // the personal line went at once with the token
        assertThat(sent).containsExactly("personal", "b:elsewhere");
        assertThat(v.staged("a")).isZero();
    }

    @Test
    void entriesGoWhenIdleAndRefilledOrWhenTheClientEndsWithNothingStaged() {
        VisitorFlood<WantedChannel.Line> v = flood(channel(1000, 1000, 100), 100, 1000);
        stage(v, "a", 1, 4);
        v.stage(line("b", "x"));
        assertThat(v.visitors()).isEqualTo(2);
        v.ended("a");  // one line staged: kept until sent
        v.ended("b");  // nothing staged: gone
        assertThat(v.visitors()).isEqualTo(1);
        time.advance(TimeUnit.MILLISECONDS.toNanos(1100));
        assertThat(sent).contains("a:m4");
        assertThat(v.visitors()).isZero();
        v.stage(line("c", "y"));
        assertThat(v.visitors()).isEqualTo(1);
        time.advance(TimeUnit.MILLISECONDS.toNanos(990));
        assertThat(v.visitors()).isEqualTo(1);  // its bucket is not full yet: a new entry would have more tokens
        time.advance(TimeUnit.MILLISECONDS.toNanos(20));
        assertThat(v.visitors()).isZero();
    }
}
