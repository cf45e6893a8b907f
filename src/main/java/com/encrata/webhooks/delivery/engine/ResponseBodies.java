package com.encrata.webhooks.delivery.engine;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** The first 4 KiB of a receiver's answer as text: UTF-8, leniently (a cut character dropped, NUL removed). */
final class ResponseBodies {

    static final int MAX_BYTES = 4096;

    private ResponseBodies() {
    }

    static String decode(byte[] bytes, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
        CharBuffer out = CharBuffer.allocate(length);
        // A sequence cut at the end of the buffer is left undecoded (endOfInput=false), i.e. dropped.
        decoder.decode(in, out, false);
        out.flip();
        return out.toString().replace("\u0000", "");
    }
}
