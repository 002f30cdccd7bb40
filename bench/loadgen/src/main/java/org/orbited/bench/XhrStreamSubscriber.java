package org.orbited.bench;

/** orbited's {@code xhr_stream}: one long response of {@code B\r\n|O|\r\n} frames, counted, not parsed. */
public final class XhrStreamSubscriber extends RawHttpSubscriber {
    public XhrStreamSubscriber(Tally tally, DeliveryScanner scanner, Endpoints ep, String path) {
        super(tally, scanner, get(ep, path, "Accept: */*\r\n"), 200);
    }
}
