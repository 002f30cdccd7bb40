package org.orbited.node.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.orbited.node.core.ClientAttempt;
import org.orbited.node.core.SessionKey;
import org.orbited.node.http.shared.HttpError;
import org.orbited.node.transport.CometRequest;

/**
 * Parses comet URLs (orbit-protocol.md 3.2), plain Java. The pipe form {@code /loc|user,session,transport}
 * (separator {@code |}, {@code %7C} or {@code %7c}; fields percent-decoded; defaults session {@code 0},
 * transport {@code iframe}); the query form
 * {@code /loc?user=&session=&transport=&channel=&last_event_id=&hello=&instance=&attempt=} from the query string or
 * a form body (blank means absent; session falls back to the {@code session} cookie, then the default key; transport
 * to {@code [transport] default}). The location is always the raw path, undecoded.
 */
public final class CometRequestParser {
    /** Most channels one connection may subscribe to. */
    public static final int MAX_CHANNELS = 64;
    private static final int MAX_FIELD = 1024;
    /** The transports that write a hello control (Transport#resumable()); only they check {@code hello}. */
    private static final Set<String> RESUMABLE = Set.of("sse", "websocket", "long_poll");

    private final String defaultSession;
    private final String defaultTransport;

    public CometRequestParser(String defaultSession, String defaultTransport) {
        this.defaultSession = defaultSession;
        this.defaultTransport = defaultTransport;
    }

    /** Where the pipe separator starts in {@code path} (without query), or -1. */
    public static int pipeIndex(String path) {
        int bar = path.indexOf('|');
        int enc = path.indexOf("%7C");
        int encLower = path.indexOf("%7c");
        int best = -1;
        for (int i : new int[] {bar, enc, encLower}) {
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
            }
        }
        return best;
    }

    /** Parses a pipe-form URI (path plus optional, ignored, query). */
    public CometRequest parsePipe(String uri) throws HttpError.Failure {
        String path = stripQuery(uri);
        int at = pipeIndex(path);
        String location = path.substring(0, at);
        String rest = path.substring(at + (path.charAt(at) == '|' ? 1 : 3));
        String[] f = rest.split(",", -1);
        String user = field(decodePath(f[0], "user"), "user");
        if (user.isEmpty()) {
            throw new HttpError.Failure(HttpError.MISSING_USER, null);
        }
        String session = f.length > 1 && !f[1].isEmpty() ? field(decodePath(f[1], "session"), "session") : "0";
        String transport = f.length > 2 && !f[2].isEmpty() ? decodePath(f[2], "transport") : "iframe";
        return new CometRequest(new SessionKey(user, session, checkLocation(location)), transport, true, Set.of(), null,
                false);
    }

    /**
     * Parses a query-form request. {@code formBody} is a POSTed urlencoded body or null;
     * {@code cookieHeader} and {@code lastEventIdHeader} may be null.
     */
    public CometRequest parseQuery(String uri, String formBody, String cookieHeader, String lastEventIdHeader,
                                   boolean websocketUpgrade) throws HttpError.Failure {
        String path = stripQuery(uri);
        int q = uri.indexOf('?');
        Map<String, List<String>> params = new java.util.LinkedHashMap<>();
        if (q >= 0) {
            parseForm(uri.substring(q + 1), params);
        }
        if (formBody != null) {
            parseForm(formBody, params);
        }
        String user = first(params, "user");
        if (user == null) {
            throw new HttpError.Failure(HttpError.MISSING_USER, null);
        }
        field(user, "user");
        String session = first(params, "session");
        if (session == null) {
            session = cookie(cookieHeader, "session");
        }
        if (session == null) {
            session = defaultSession;
        }
        field(session, "session");
        String transport = websocketUpgrade ? "websocket" : first(params, "transport");
        if (transport == null) {
            transport = defaultTransport;
        }
        Set<String> channels = new LinkedHashSet<>();
        for (String ch : params.getOrDefault("channel", List.of())) {
            if (ch.isBlank()) {
                continue;
            }
            if (!ch.startsWith("/") || ch.contains(",") || ch.length() > MAX_FIELD || hasControl(ch)) {
                throw new HttpError.Failure(HttpError.BAD_CHANNEL, ch);
            }
            channels.add(ch);
        }
        if (channels.size() > MAX_CHANNELS) {
            throw new HttpError.Failure(HttpError.TOO_MANY_CHANNELS, MAX_CHANNELS);
        }
        String last = first(params, "last_event_id");
        if (last == null && lastEventIdHeader != null && !lastEventIdHeader.isBlank()) {
            last = lastEventIdHeader.trim();
        }
        return new CometRequest(new SessionKey(user, session, checkLocation(path)), transport, false,
                Set.copyOf(channels), last, hello(transport, first(params, "hello")),
                attempt(transport, first(params, "instance"), first(params, "attempt")));
    }

    /** Most digits an {@code attempt} may have (below 2^53, so a JavaScript counter never loses precision). */
    static final int MAX_ATTEMPT_DIGITS = 15;

    /**
     * {@code instance} and {@code attempt} name the client's connection attempt on a resumable transport (docs/
     * transports.md, "Stale attempts"): both or neither; instance 1-64 of {@code [0-9A-Za-z_-]}, attempt 0 to
     * 15 decimal digits. Anything else there is a 400. The 0.2/0.3 transports ignore both fields, as they do
     * {@code hello}: a legacy page may carry parameters of its own by those names.
     */
    private static ClientAttempt attempt(String transport, String instance, String attempt) throws HttpError.Failure {
        if (!RESUMABLE.contains(transport) || (instance == null && attempt == null)) {
            return null;
        }
        if (instance == null || attempt == null) {
            throw new HttpError.Failure(HttpError.BAD_FIELD, "instance and attempt go together: "
                    + (instance == null ? "attempt without instance" : "instance without attempt"));
        }
        if (!ClientAttempt.validInstance(instance)) {
            throw new HttpError.Failure(HttpError.BAD_FIELD, "instance must be 1 to " + ClientAttempt.MAX_INSTANCE
                    + " characters of 0-9, A-Z, a-z, '_' and '-'");
        }
        if (attempt.isEmpty() || attempt.length() > MAX_ATTEMPT_DIGITS || !attempt.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new HttpError.Failure(HttpError.BAD_FIELD, "attempt must be a number of 1 to " + MAX_ATTEMPT_DIGITS
                    + " decimal digits");
        }
        return new ClientAttempt(instance, Long.parseLong(attempt));
    }

    /**
     * {@code hello=1} asks a resumable transport for its hello control; absent or {@code 0}: not; anything
     * else is a 400 there. The 0.2/0.3 transports ignore the field: a legacy page may carry its own
     * {@code hello} parameter.
     */
    private static boolean hello(String transport, String v) throws HttpError.Failure {
        if (!RESUMABLE.contains(transport)) {
            return false;
        }
        if (v == null || v.equals("0")) {
            return false;
        }
        if (v.equals("1")) {
            return true;
        }
        throw new HttpError.Failure(HttpError.BAD_FIELD, "hello must be 0 or 1");
    }

    private static String checkLocation(String location) throws HttpError.Failure {
        if (!location.startsWith("/") || hasControl(location)) {
            throw new HttpError.Failure(HttpError.BAD_FIELD, "location must be a path starting with /");
        }
        return location;
    }

    /** Rejects values the Orbit wire format cannot carry. */
    private static String field(String v, String name) throws HttpError.Failure {
        if (v.length() > MAX_FIELD) {
            throw new HttpError.Failure(HttpError.BAD_FIELD, name + " longer than " + MAX_FIELD + " characters");
        }
        if (hasControl(v) || v.contains(", ")) {
            throw new HttpError.Failure(HttpError.BAD_FIELD, name + " must not contain control characters or \", \"");
        }
        return v;
    }

    private static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    static String stripQuery(String uri) {
        int q = uri.indexOf('?');
        String p = q >= 0 ? uri.substring(0, q) : uri;
        int hash = p.indexOf('#');
        return hash >= 0 ? p.substring(0, hash) : p;
    }

    private static String first(Map<String, List<String>> params, String name) {
        for (String v : params.getOrDefault(name, List.of())) {
            if (!v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    static void parseForm(String s, Map<String, List<String>> into) throws HttpError.Failure {
        for (String pair : s.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq >= 0 ? pair.substring(0, eq) : pair, true, "query");
            String value = eq >= 0 ? decode(pair.substring(eq + 1), true, name) : "";
            into.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
    }

    private static String decodePath(String s, String what) throws HttpError.Failure {
        return decode(s, false, what);
    }

    /** Percent-decodes strictly: a bad escape or bytes that are not UTF-8 are errors naming {@code what}. */
    static String decode(String s, boolean plusIsSpace, String what) throws HttpError.Failure {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) {
                    throw new HttpError.Failure(HttpError.BAD_PERCENT_ENCODING, what);
                }
                int hi = Character.digit(s.charAt(i + 1), 16);
                int lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new HttpError.Failure(HttpError.BAD_PERCENT_ENCODING, what);
                }
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                out.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(out.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new HttpError.Failure(HttpError.BAD_PERCENT_ENCODING, what);
        }
    }

    /** The value of cookie {@code name} (RFC 6265 pairs, any position), or null. */
    static String cookie(String header, String name) {
        if (header == null) {
            return null;
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).trim().equals(name)) {
                String v = part.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                return v.isEmpty() ? null : v;
            }
        }
        return null;
    }
}
