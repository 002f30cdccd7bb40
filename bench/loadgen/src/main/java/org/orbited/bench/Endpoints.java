package org.orbited.bench;

/**
 * Where the target server listens and its URL templates ({@code {i}} the subscriber's index, {@code {user}} its
 * user name, {@code {channel}} its channel, {@code {transport}} the orbited transport name). Serialised to
 * child processes as JSON, so a plain record.
 */
public record Endpoints(Server server, String host, int port, int orbitPort, String streamPath, String bayeuxPath,
                        String nchanSubPath, String nchanPubPath, String channelFormat, int routePorts,
                        String publisherSource) {

    /** The single-server form: no route ports, publishers from the default source address. */
    public Endpoints(Server server, String host, int port, int orbitPort, String streamPath, String bayeuxPath,
                     String nchanSubPath, String nchanPubPath, String channelFormat) {
        this(server, host, port, orbitPort, streamPath, bayeuxPath, nchanSubPath, nchanPubPath, channelFormat, 0, null);
    }

    /**
     * The port browser {@code user} connects to: {@link #port} itself, or with {@code routePorts} N &gt; 0 (a HaloD
     * gateway's browser route ports, {@code port} the first) {@code port + route(user) - 1}, with HaloD's route
     * rule {@code 1 + CRC-32(UTF-8 user) mod N} (halod.md section 1, the Java client's {@code Routes}).
     */
    public int browserPort(String user) {
        if (routePorts <= 0) {
            return port;
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(user.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return port + (int) (crc.getValue() % routePorts);
    }

    /** The channel name of channel {@code k} ({@code /bench/c3}, or {@code c3} for Nchan). */
    public String channel(int k) {
        return channelFormat.replace("{k}", Integer.toString(k));
    }

    /** The path and query a streaming or polling subscriber requests. */
    public String subscribePath(Transport t, String user, int i, int k) {
        String tmpl = server == Server.nchan ? nchanSubPath : streamPath;
        return tmpl.replace("{i}", Integer.toString(i)).replace("{user}", user).replace("{channel}", channel(k))
                .replace("{transport}", t == Transport.long_poll ? "long_poll" : t.label());
    }

    public String publishPath(int k) {
        return nchanPubPath.replace("{channel}", channel(k));
    }

    public String hostHeader() {
        return host + ":" + port;
    }
}
