package org.orbited.node.cluster;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Looks at a connection's first bytes only ({@link ProxySignature}): from a {@code proxy_from} address they must
 * begin a PROXY header ({@link ProxyRejection#NO_HEADER} otherwise), from any other address they must not
 * ({@link ProxyRejection#NOT_A_PROXY_SOURCE}). Once decided it removes itself and passes every byte on untouched.
 * Sits right after where {@link RouteAdmission} was; one per connection.
 */
final class ProxyStartCheck extends ByteToMessageDecoder {
    private final RouteAdmission admission;
    private final boolean headerExpected;

    ProxyStartCheck(RouteAdmission admission, boolean headerExpected) {
        this.admission = admission;
        this.headerExpected = headerExpected;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        int start = in.readerIndex();
        ProxySignature.Verdict v = ProxySignature.classify(i -> in.getUnsignedByte(start + i), in.readableBytes());
        if (v == ProxySignature.Verdict.NEED_MORE) {
            return;
        }
        boolean isProxy = v != ProxySignature.Verdict.NOT_PROXY;
        if (isProxy == headerExpected) {
            ctx.pipeline().remove(this); // hands the bytes read so far to the next handler
            return;
        }
        in.skipBytes(in.readableBytes());
        admission.reject(ctx.channel(), headerExpected ? ProxyRejection.NO_HEADER : ProxyRejection.NOT_A_PROXY_SOURCE,
                null);
    }
}
