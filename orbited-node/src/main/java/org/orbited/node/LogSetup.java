package org.orbited.node;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.FileAppender;
import java.util.List;
import org.orbited.node.config.NodeConfig;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@code [log]} settings to Logback: {@code log.enabled}, {@code level}, and the ACCESS
 * ({@code orbited.access}), ERROR ({@code orbited.error}) and EVENT ({@code orbited.event}) categories,
 * each going to the screen and/or to files named in {@code log.access}, {@code log.error},
 * {@code log.event}.
 */
final class LogSetup {
    private LogSetup() {
    }

    static void apply(NodeConfig config) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(config.logEnabled() ? Level.toLevel(config.logLevel(), Level.INFO) : Level.OFF);
        category(ctx, "orbited.access", config.accessLog());
        category(ctx, "orbited.error", config.errorLog());
        category(ctx, "orbited.event", config.eventLog());
    }

    private static void category(LoggerContext ctx, String name, List<String> targets) {
        Logger logger = ctx.getLogger(name);
        logger.setAdditive(targets.contains("screen"));
        for (String target : targets) {
            if (target.equals("screen")) {
                continue;
            }
            PatternLayoutEncoder encoder = new PatternLayoutEncoder();
            encoder.setContext(ctx);
            encoder.setPattern("%d{ISO8601} %-5level %msg%n");
            encoder.start();
            FileAppender<ch.qos.logback.classic.spi.ILoggingEvent> file = new FileAppender<>();
            file.setContext(ctx);
            file.setName(name + ":" + target);
            file.setFile(target);
            file.setEncoder(encoder);
            file.start();
            logger.addAppender(file);
        }
    }
}
