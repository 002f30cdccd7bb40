package org.orbited.node.badinput;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.orbited.node.testing.RawHttp;
import org.orbited.node.testing.RunningNode;

/**
 * A measurement, not a test (issue 10 item 1): starts a node in this JVM, pipelines N {@code GET /_/orbited.js} on
 * one connection that never reads, and prints how much the JVM's heap (after GC) and direct memory grew, and whether
 * another client is still served. Run from the repository root:
 *
 * <pre>
 * mvn -B -o -q -pl orbited-node test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt \
 *     -Dmdep.includeScope=test
 * java -Xmx1g -cp orbited-node/target/classes:orbited-node/target/test-classes:$(cat /tmp/cp.txt) \
 *     org.orbited.node.badinput.PipelinedFloodProbe 20000
 * </pre>
 */
public final class PipelinedFloodProbe {
    private PipelinedFloodProbe() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        byte[] one = "GET /_/orbited.js HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        try (RunningNode node = RunningNode.start(b -> b)) {
            try (RawHttp warm = RawHttp.send(node.httpPort(), "GET /_/orbited.js HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n")) {
                warm.awaitClose(Duration.ofSeconds(10));
            }
            long heap0 = heapAfterGc();
            long direct0 = direct();
            try (Socket s = new Socket()) {
                s.setReceiveBufferSize(4096);
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), node.httpPort()), 5000);
                Thread writer = new Thread(() -> {
                    try {
                        OutputStream out = s.getOutputStream();
                        for (int i = 0; i < n; i++) {
                            out.write(one);
                        }
                        out.flush();
                        System.out.println("flood: all " + n + " requests sent (" + (long) n * one.length + " bytes)");
                    } catch (IOException e) {
                        System.out.println("flood: stopped by the node: " + e);
                    }
                }, "flood");
                writer.setDaemon(true);
                writer.start();
                writer.join(15_000);
                if (writer.isAlive()) {
                    System.out.println("flood: still blocked after 15 s (the node stopped reading)");
                }
                Thread.sleep(3_000); // a measurement: the node gets time to take in what was sent
                long heap1 = heapAfterGc();
                long direct1 = direct();
                System.out.printf("heap growth %.1f MB, direct growth %.1f MB%n", (heap1 - heap0) / 1e6,
                        (direct1 - direct0) / 1e6);
                try (RawHttp status = RawHttp.send(node.httpPort(), "GET /_/status HTTP/1.1\r\nHost: x\r\n"
                        + "Connection: close\r\n\r\n")) {
                    String text = status.awaitClose(Duration.ofSeconds(10));
                    int i = text.indexOf("\"largest_write_backlog_bytes\"");
                    System.out.println("another client: " + text.substring(0, text.indexOf("\r\n"))
                            + (i < 0 ? "" : ", " + text.substring(i, text.indexOf('\n', i))));
                }
            }
        }
    }

    private static long heapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** JDK direct buffers plus Netty's own direct memory (its pooled arenas). */
    private static long direct() {
        long d = io.netty.util.internal.PlatformDependent.usedDirectMemory();
        for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
            if (b.getName().equals("direct")) {
                d += b.getMemoryUsed();
            }
        }
        return d;
    }
}
