package org.orbited.plugin;

/** Answers requests on a {@code /service/**} channel; called on the plugin's executor. */
@FunctionalInterface
public interface ServiceHandler {
    void onRequest(ServiceRequest request);
}
