/**
 * Who a Bayeux client is: the {@link org.orbited.node.auth.Authenticator} asked at each handshake, the built-in
 * signed-token one ({@link org.orbited.node.auth.JwtAuthenticator}, Nimbus JOSE+JWT) and the catalog of refusal
 * reasons ({@link org.orbited.node.auth.AuthRefusal}). Plain Java: no Netty, no configuration file types.
 */
package org.orbited.node.auth;
