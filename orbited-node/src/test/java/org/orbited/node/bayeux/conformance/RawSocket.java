package org.orbited.node.bayeux.conformance;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** One HTTP exchange on a plain socket: write the whole request, then read until the server closes (bounded). */
final class RawSocket {
    private RawSocket() {
    }

    /**
     * Sends {@code request} (ISO-8859-1) and returns everything the server sent before closing, within
     * {@link RawBayeux#WAIT}. A failed write (the server may close early) is not an error: the answer is read anyway.
     */
    static String exchange(int port, String request) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout((int) RawBayeux.WAIT.toMillis());
            try {
                s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
            } catch (IOException earlyClose) {
                // read what was answered
            }
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try {
                s.getInputStream().transferTo(got);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server neither answered nor closed within " + RawBayeux.WAIT
                        + "; received: " + got.toString(StandardCharsets.ISO_8859_1), e);
            } catch (IOException reset) {
                // keep what arrived before the reset
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
