package org.orbited.node.plugin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.orbited.plugin.OrbitedPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the plugins named by the active {@code [plugin:NAME]} sections.
 *
 * <p><b>Discovery</b> (constructor): first the plugin directories are read ({@link PluginJars}): every jar in them
 * gets its own class loader that sees only the plugin API, Jackson, SLF4J and the JDK, and every plugin it lists is
 * instantiated, configured or not; a bad jar, a jar without a service file or two plugins of one name throw
 * {@link IllegalArgumentException} naming the jars. Then every {@link OrbitedPlugin} that
 * {@link java.util.ServiceLoader} finds with the given class loader (the class path) joins them, and all are
 * matched by {@link OrbitedPlugin#name()} against the configured sections: {@code [plugin:irc]} and
 * {@code [plugin:irc.oftc]} are two instances of plugin {@code irc} (each its own object, options, thread and
 * status line; the section name is the instance id, see {@link PluginCatalog}). A section that matches no plugin,
 * or more than one, or breaks the name grammar throws {@link IllegalArgumentException} naming the section and the
 * available plugins: the node does not start. With no plugin configured no class-path provider is even instantiated.
 *
 * <p><b>Start</b> ({@link #start()}, once): each plugin gets a serial executor (a daemon thread {@code plugin-NAME}
 * with a queue of {@link Limits#queueCapacity()} callbacks; more are dropped, counted in {@link PluginStatus} and
 * logged at WARN at most every 10 s), channels from the {@link ServerChannelsFactory} wrapped to track its
 * registrations, and its {@code start} queued on that thread. All plugins start in parallel; the host waits for them
 * together, at most {@link Limits#startTimeout()}. A plugin whose start throws, times out (its thread is then
 * interrupted) or gets no channels is {@link PluginStatus.State#FAILED}: its registrations are cancelled, it gets no
 * callbacks and no {@code stop}, and the node keeps running.
 *
 * <p><b>Stop</b> ({@link #stop()}, idempotent): every started plugin's {@code stop} is queued on its thread (after
 * the callbacks already waiting) and awaited together, at most {@link Limits#stopTimeout()}; then each plugin's
 * remaining registrations are cancelled, its channels made inert and its thread ended. A throwing or hung
 * {@code stop} is logged at ERROR; a thread that does not end within a further second is abandoned (daemon).
 *
 * <p>{@code start} and {@code stop} are called by the node's lifecycle thread and block for the bounded times above;
 * {@link #started()} and {@link #statuses()} may be called from any thread. Thread-safe.
 */
public final class PluginHost {
    private static final Logger LOG = LoggerFactory.getLogger(PluginHost.class);
    private static final long TERMINATION_GRACE_MILLIS = 1000;

    /** Bounds of the host: how long start and stop may take, and how many callbacks may wait per plugin. */
    public record Limits(Duration startTimeout, Duration stopTimeout, int queueCapacity) {
        /** 10 s to start, 10 s to stop, 10,000 waiting callbacks per plugin. */
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(10), Duration.ofSeconds(10), 10_000);

        public Limits {
            if (startTimeout.isNegative() || startTimeout.isZero() || stopTimeout.isNegative() || stopTimeout.isZero()) {
                throw new IllegalArgumentException("plugin timeouts must be positive: " + startTimeout + ", " + stopTimeout);
            }
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("plugin queue capacity must be at least 1: " + queueCapacity);
            }
        }
    }

    private final List<PluginCatalog.Resolved> configured;
    private final PluginJars jars;
    private final ServerChannelsFactory factory;
    private final Limits limits;
    private final PolicyRegistry policies;
    private volatile List<HostedPlugin> hosted = List.of();
    private boolean startCalled;
    private boolean stopped;

    /** A host with no plugin directory and no scoped-policy registry that is ever asked (tests). */
    public PluginHost(Map<String, Map<String, String>> plugins, ClassLoader loader, ServerChannelsFactory factory) {
        this(plugins, loader, List.of(), factory, Limits.DEFAULT, new PolicyRegistry(List.of(), true));
    }

    /** A host with no plugin directory and no scoped-policy registry that is ever asked (tests). */
    public PluginHost(Map<String, Map<String, String>> plugins, ClassLoader loader, ServerChannelsFactory factory,
                      Limits limits) {
        this(plugins, loader, List.of(), factory, limits, new PolicyRegistry(List.of(), true));
    }

    /** A host with no plugin directory (tests). */
    public PluginHost(Map<String, Map<String, String>> plugins, ClassLoader loader, ServerChannelsFactory factory,
                      Limits limits, PolicyRegistry policies) {
        this(plugins, loader, List.of(), factory, limits, policies);
    }

    /** A host whose plugins' scoped policies go to a registry that is never asked (tests). */
    public PluginHost(Map<String, Map<String, String>> plugins, ClassLoader loader, List<Path> pluginDirs,
                      ServerChannelsFactory factory, Limits limits) {
        this(plugins, loader, pluginDirs, factory, limits, new PolicyRegistry(List.of(), true));
    }

    /**
     * Loads the plugin directories and finds the configured instances; starts nothing yet.
     *
     * @param plugins    {@code NodeConfig.plugins()}: section name ({@code NAME} or {@code NAME.INSTANCE}) to its
     *                   keys other than {@code active}
     * @param loader     the node's class loader: where to look for class-path plugins (also their threads' context
     *                   class loader) and where plugin jars get the API, Jackson and SLF4J from
     * @param pluginDirs directories of plugin jars, read in this order; one that does not exist holds nothing
     * @param factory    makes each instance's channels
     * @param policies   where the instances' scoped security policies ({@code PluginContext.addSecurityPolicy})
     *                   go, guarded by their instance being started
     * @throws IllegalArgumentException when a plugin jar is bad, lacks its service file or clashes with another
     *                                  jar's plugin name (the message names the jars), or when a section names no
     *                                  plugin, several, or breaks the name grammar
     */
    public PluginHost(Map<String, Map<String, String>> plugins, ClassLoader loader, List<Path> pluginDirs,
                      ServerChannelsFactory factory, Limits limits, PolicyRegistry policies) {
        this(plugins, java.util.Set.of(), loader, pluginDirs, factory, limits, policies);
    }

    /**
     * As above; {@code onByDefault} names the sections the configuration adds by itself (the help desk): one of them
     * that has no options and finds no plugin is skipped with a note rather than failing the start.
     */
    public PluginHost(Map<String, Map<String, String>> plugins, java.util.Set<String> onByDefault, ClassLoader loader,
                      List<Path> pluginDirs, ServerChannelsFactory factory, Limits limits, PolicyRegistry policies) {
        Objects.requireNonNull(loader, "loader");
        this.policies = Objects.requireNonNull(policies, "policies");
        this.factory = Objects.requireNonNull(factory, "factory");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.jars = PluginJars.load(pluginDirs, loader);
        try {
            this.configured = PluginCatalog.resolve(plugins, onByDefault, loader, jars);
        } catch (RuntimeException e) {
            jars.close();
            throw e;
        }
    }

    /** Starts every configured plugin and waits (bounded) for them; returns this. Only once. */
    public synchronized PluginHost start() {
        if (startCalled) {
            throw new IllegalStateException("the plugin host was already started");
        }
        startCalled = true;
        List<HostedPlugin> all = new ArrayList<>();
        for (PluginCatalog.Resolved r : configured) {
            all.add(new HostedPlugin(r, limits.queueCapacity(), policies));
        }
        hosted = List.copyOf(all);
        Map<HostedPlugin, CompletableFuture<Void>> starting = new LinkedHashMap<>();
        for (HostedPlugin h : all) {
            try {
                starting.put(h, h.beginStart(factory));
            } catch (RuntimeException e) {
                h.fail("the node could not give it channels: " + e, e);
            }
        }
        long deadline = System.nanoTime() + limits.startTimeout().toNanos();
        starting.forEach((h, f) -> {
            Throwable problem = await(f, deadline);
            if (problem == null) {
                h.started();
            } else if (problem instanceof TimeoutException) {
                h.fail("start did not return within " + limits.startTimeout().toMillis() + " ms", null);
            } else {
                h.fail("start threw " + problem, problem);
            }
        });
        if (!all.isEmpty()) {
            LOG.info("plugins started: {} of {} ({})", started().size(), all.size(), statuses());
        }
        return this;
    }

    /** Stops the started plugins and releases every plugin's registrations and thread (bounded). Idempotent. */
    public synchronized void stop() {
        if (!startCalled || stopped) {
            if (!stopped) {
                jars.close();
            }
            stopped = true;
            return;
        }
        stopped = true;
        Map<HostedPlugin, CompletableFuture<Void>> stopping = new LinkedHashMap<>();
        for (HostedPlugin h : hosted) {
            if (h.state() == PluginStatus.State.STARTED) {
                stopping.put(h, h.beginStop());
            }
        }
        long deadline = System.nanoTime() + limits.stopTimeout().toNanos();
        for (HostedPlugin h : hosted) {
            CompletableFuture<Void> f = stopping.get(h);
            Throwable problem = f == null ? null : await(f, deadline);
            if (problem instanceof TimeoutException) {
                LOG.error("[plugin:{}] stop did not return within {} ms; interrupting it", h.name(),
                        limits.stopTimeout().toMillis());
            } else if (problem != null) {
                LOG.error("[plugin:{}] stop threw; releasing it anyway", h.name(), problem);
            }
            h.release(problem != null);
        }
        long graceEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TERMINATION_GRACE_MILLIS);
        for (HostedPlugin h : hosted) {
            try {
                if (!h.awaitTermination(TimeUnit.NANOSECONDS.toMillis(graceEnd - System.nanoTime()))) {
                    LOG.warn("[plugin:{}] thread plugin-{} is still running; abandoning it", h.name(), h.name());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!hosted.isEmpty()) {
            LOG.info("plugins stopped ({})", statuses());
        }
        jars.close(); // plugin threads have ended (or were abandoned: their loaded classes keep working)
    }

    /** Names of the plugins now {@link PluginStatus.State#STARTED}, in name order. */
    public List<String> started() {
        return hosted.stream().filter(h -> h.state() == PluginStatus.State.STARTED).map(HostedPlugin::name).toList();
    }

    /** Every configured plugin's status, in name order; empty before {@link #start()}. */
    public List<PluginStatus> statuses() {
        return hosted.stream().map(HostedPlugin::status).toList();
    }

    /** Null when {@code f} completed normally by {@code deadline}, else the timeout, interrupt or cause. */
    private static Throwable await(CompletableFuture<Void> f, long deadlineNanos) {
        try {
            f.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        }
    }
}
