package org.orbited.bench;

/** The servers the generator speaks to ({@code --server}). */
public enum Server {
    /** orbited-node: Orbit-protocol publishing, comet transports and Bayeux at /cometd. */
    orbited,
    /** nginx with the Nchan module: POST /pub/CHANNEL, subscribers on /sub/CHANNEL. */
    nchan,
    /** The CometD 8.0.9 reference server on Jetty: Bayeux only. */
    cometd
}
