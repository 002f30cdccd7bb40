package org.orbited.halod.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A hand-driven control link: writes any bytes, reads the gateway's lines (for bad-input and silence tests). */
final class RawLink implements AutoCloseable {
    final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    RawLink(RunningGateway g) throws IOException {
        socket = new Socket("127.0.0.1", g.gateway.controlPort());
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** Connects and registers {@code name} with the right token; returns after ROUTES. */
    static RawLink register(RunningGateway g, String name, int id) throws IOException {
        RawLink l = new RawLink(g);
        l.send(registerLine(RunningGateway.TOKEN, name, id));
        l.readUntil("REGISTERED", Duration.ofSeconds(10));
        l.readUntil("ROUTES", Duration.ofSeconds(10));
        return l;
    }

    static String registerLine(String token, String name, int id) {
        return "{\"type\":\"REGISTER\",\"proto\":1,\"token\":\"" + token + "\",\"name\":\"" + name + "\""
                + (id > 0 ? ",\"id\":" + id : "") + ",\"browser\":\"127.0.0.1:1\",\"app\":\"127.0.0.1:2\"}\n";
    }

    void send(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Reads lines until one of {@code type}; that line. Fails on EOF or after {@code timeout}. */
    String readUntil(String type, Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            socket.setSoTimeout((int) Math.max(1, (end - System.nanoTime()) / 1_000_000));
            String line;
            try {
                line = in.readLine();
            } catch (SocketTimeoutException e) {
                break;
            }
            if (line == null) {
                throw new IOException("EOF before a " + type + " line");
            }
            if (line.contains("\"type\":\"" + type + "\"")) {
                return line;
            }
        }
        throw new IOException("no " + type + " line within " + timeout);
    }

    /** Reads until EOF (true) or {@code timeout} (false), discarding lines. */
    boolean closedWithin(Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            socket.setSoTimeout((int) Math.max(1, (end - System.nanoTime()) / 1_000_000));
            try {
                if (in.readLine() == null) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
