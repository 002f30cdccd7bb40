package org.orbited.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Records Netty's {@code LEAK:} reports (logged by {@link ResourceLeakDetector}) so a test can fail on them.
 * Detection is best effort: a leak is reported only after its buffer is garbage collected.
 */
final class LeakRecorder extends AppenderBase<ILoggingEvent> {
    private final List<String> leaks = new CopyOnWriteArrayList<>();

    static LeakRecorder install() {
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger logger = lc.getLogger(ResourceLeakDetector.class);
        LeakRecorder r = new LeakRecorder();
        r.setContext(lc);
        r.start();
        logger.addAppender(r);
        return r;
    }

    @Override
    protected void append(ILoggingEvent e) {
        if (e.getFormattedMessage().contains("LEAK")) {
            leaks.add(e.getFormattedMessage());
        }
    }

    /** Collects garbage and allocates, which makes the detector report collected, unreleased buffers. */
    void assertNoLeaks() {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
        for (int i = 0; i < 5; i++) {
            System.gc();
            ByteBuf a = PooledByteBufAllocator.DEFAULT.directBuffer(16);
            ByteBuf b = UnpooledByteBufAllocator.DEFAULT.heapBuffer(16);
            a.release();
            b.release();
        }
        assertThat(leaks).isEmpty();
    }

    void uninstall() {
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        lc.getLogger(ResourceLeakDetector.class).detachAppender(this);
        stop();
    }
}
