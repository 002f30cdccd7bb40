package org.orbited.node.bayeux.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.cometd.bayeux.Channel;
import org.cometd.bayeux.Message;
import org.cometd.bayeux.client.ClientSession;
import org.cometd.bayeux.client.ClientSessionChannel;
import org.cometd.client.BayeuxClient;
import org.cometd.client.http.jetty.JettyHttpClientTransport;
import org.cometd.client.transport.TransportListener;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes real CometD 8.0.9 Java clients (long-polling) for one test and stops them all at the end. Each client has
 * its own Jetty {@link HttpClient}, hence its own cookie jar (two clients sharing one would look like one browser
 * and get {@code multiple-clients} advice, bayeux.md section 7). Every wait is bounded by {@link #WAIT_MS}.
 */
final class CometdJavaClients implements AutoCloseable, AfterEachCallback {
    static final long WAIT_MS = 5000;

    private final List<JavaClient> clients = new CopyOnWriteArrayList<>();

    /** A client for {@code url} with {@code extensions}, not yet handshaken. */
    JavaClient create(String url, ClientSession.Extension... extensions) {
        return create(url, http -> { }, extensions);
    }

    /**
     * A client for {@code url} whose Jetty {@link HttpClient} {@code setup} prepares before it starts (cookies,
     * request listeners), with {@code extensions}, not yet handshaken.
     */
    JavaClient create(String url, java.util.function.Consumer<HttpClient> setup,
                      ClientSession.Extension... extensions) {
        HttpClient http = new HttpClient();
        setup.accept(http);
        // No Accept-Encoding: gzip, so the bytes on the wire stay readable (TcpCutProxy looks for a marker).
        http.getContentDecoderFactories().clear();
        try {
            http.start();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty HttpClient did not start", e);
        }
        BayeuxClient bayeux = new BayeuxClient(url, new JettyHttpClientTransport(null, http));
        // Retry quickly after a transport failure (default: +1 s per failure) so fault tests stay fast.
        bayeux.setBackOffStrategy(new BayeuxClient.BackOffStrategy.Linear(100, 1000));
        for (ClientSession.Extension e : extensions) {
            bayeux.addExtension(e);
        }
        JavaClient c = new JavaClient(bayeux, http);
        clients.add(c);
        return c;
    }

    /** A client for {@code url}, handshaken and {@code CONNECTED}. */
    JavaClient connected(String url, ClientSession.Extension... extensions) {
        JavaClient c = create(url, extensions);
        c.handshake();
        return c;
    }

    /** As a JUnit extension (an instance field): every client of a test is stopped after it. */
    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        for (JavaClient c : clients) {
            c.stop();
        }
        clients.clear();
    }

    /** Waits for {@code future}, at most {@link #WAIT_MS}. */
    static <T> T await(CompletableFuture<T> future, String what) {
        try {
            return future.get(WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no " + what + " within " + WAIT_MS + " ms", e);
        }
    }

    /** One BayeuxClient, its HTTP client and a record of what crossed the wire. */
    static final class JavaClient {
        final BayeuxClient bayeux;
        private final HttpClient http;
        /** Every message the server sent that is a delivery (not a meta or publish reply), in arrival order. */
        final List<Message> wireDeliveries = new CopyOnWriteArrayList<>();
        /** Each HTTP request's messages, by channel, in sending order. */
        final List<List<String>> sentBatches = new CopyOnWriteArrayList<>();
        /** Each HTTP response's messages, in arrival order. */
        final List<List<Message>> receivedBatches = new CopyOnWriteArrayList<>();

        private JavaClient(BayeuxClient bayeux, HttpClient http) {
            this.bayeux = bayeux;
            this.http = http;
            bayeux.addTransportListener(new TransportListener() {
                @Override
                public void onSending(List<? extends Message> messages) {
                    List<String> channels = new ArrayList<>();
                    for (Message m : messages) {
                        channels.add(m.getChannel());
                    }
                    sentBatches.add(List.copyOf(channels));
                }

                @Override
                public void onMessages(List<Message.Mutable> messages) {
                    receivedBatches.add(List.copyOf(messages));
                    for (Message m : messages) {
                        if (!m.isMeta() && !m.isPublishReply() && m.getData() != null) {
                            wireDeliveries.add(m);
                        }
                    }
                }
            });
        }

        /** Handshakes and waits for {@code CONNECTED}. */
        void handshake() {
            bayeux.handshake();
            assertThat(bayeux.waitFor(WAIT_MS, BayeuxClient.State.CONNECTED))
                    .as("client reached CONNECTED within %d ms", WAIT_MS).isTrue();
        }

        /** Subscribes {@code listener} and returns the server's reply. */
        Message subscribe(String channel, ClientSessionChannel.MessageListener listener) {
            CompletableFuture<Message> reply = new CompletableFuture<>();
            bayeux.getChannel(channel).subscribe(listener, reply::complete);
            return await(reply, "subscribe reply for " + channel);
        }

        /** Subscribes and asserts success. */
        void subscribeOk(String channel, ClientSessionChannel.MessageListener listener) {
            Message reply = subscribe(channel, listener);
            assertThat(reply.isSuccessful()).as("subscribe %s: %s", channel, reply).isTrue();
        }

        Message unsubscribe(String channel, ClientSessionChannel.MessageListener listener) {
            CompletableFuture<Message> reply = new CompletableFuture<>();
            bayeux.getChannel(channel).unsubscribe(listener, reply::complete);
            return await(reply, "unsubscribe reply for " + channel);
        }

        Message publish(String channel, Object data) {
            CompletableFuture<Message> reply = new CompletableFuture<>();
            bayeux.getChannel(channel).publish(data, reply::complete);
            return await(reply, "publish reply for " + channel);
        }

        /** Publishes and asserts success. */
        void publishOk(String channel, Object data) {
            Message reply = publish(channel, data);
            assertThat(reply.isSuccessful()).as("publish to %s: %s", channel, reply).isTrue();
        }

        /** The wire deliveries on {@code channel}. */
        List<Message> deliveriesOn(String channel) {
            List<Message> out = new ArrayList<>();
            for (Message m : wireDeliveries) {
                if (channel.equals(m.getChannel())) {
                    out.add(m);
                }
            }
            return out;
        }

        /** Calls {@code onHandshake} after every successful handshake (what CometD apps resubscribe in). */
        void onEverySuccessfulHandshake(Runnable onHandshake) {
            bayeux.getChannel(Channel.META_HANDSHAKE).addListener((ClientSessionChannel.MessageListener) (ch, m) -> {
                if (m.isSuccessful()) {
                    onHandshake.run();
                }
            });
        }

        void stop() {
            try {
                if (!bayeux.isDisconnected()) {
                    bayeux.disconnect(1000);
                }
            } catch (RuntimeException ignored) {
                // the node may already be gone; abort below
            }
            bayeux.abort();
            try {
                http.stop();
            } catch (Exception ignored) {
                // best effort at teardown
            }
        }
    }
}
