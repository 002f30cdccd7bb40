package org.orbited.bench;

/**
 * Nchan's long-poll cursor, plain Java: each answered poll carries {@code Last-Modified} and {@code Etag}; the next
 * poll sends them back as {@code If-Modified-Since} and {@code If-None-Match} so that it gets the message after
 * that one and nothing twice. A poll that timed out (304, 408) is simply repeated with the same cursor.
 */
public final class NchanLongPoll {
    /** What to do after a response. */
    public enum Next { DELIVERED_AND_POLL, POLL_AGAIN, FAIL }

    private String ifModifiedSince;
    private String ifNoneMatch;

    public Next onResponse(int status, String lastModified, String etag) {
        if (status == 200) {
            if (lastModified != null) {
                ifModifiedSince = lastModified;
            }
            if (etag != null) {
                ifNoneMatch = etag;
            }
            return Next.DELIVERED_AND_POLL;
        }
        return status == 304 || status == 408 ? Next.POLL_AGAIN : Next.FAIL;
    }

    /** The {@code If-Modified-Since} value for the next poll, or null on the first. */
    public String ifModifiedSince() {
        return ifModifiedSince;
    }

    /** The {@code If-None-Match} value for the next poll, or null on the first. */
    public String ifNoneMatch() {
        return ifNoneMatch;
    }
}
