package org.orbited.plugin;

/**
 * Answers requests on a {@code /service/**} channel, registered with {@link ServerChannels#handleService}; it
 * answers by {@link ServiceRequest#reply}, now or later from any thread.
 *
 * <p>Called on the registering plugin's executor (thread {@code plugin-NAME}), one callback at a time and in the
 * order the events happened, never on an I/O thread. It may block, but while it does this plugin's other callbacks
 * wait, and past 10,000 waiting ones further callbacks are dropped and counted in {@code /_/status}. An exception
 * is logged with the plugin's name and the callback is skipped; the next one still runs.
 */
@FunctionalInterface
public interface ServiceHandler {
    void onRequest(ServiceRequest request);
}
