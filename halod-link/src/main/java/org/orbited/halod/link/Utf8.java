package org.orbited.halod.link;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Strict UTF-8 decoding: a line with invalid bytes is malformed, not silently repaired. */
final class Utf8 {
    private Utf8() {
    }

    static String decode(byte[] bytes) throws MalformedLineException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedLineException("the line is not valid UTF-8", e);
        }
    }
}
