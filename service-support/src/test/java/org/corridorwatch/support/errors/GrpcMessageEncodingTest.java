package org.corridorwatch.support.errors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class GrpcMessageEncodingTest {

    @Test
    void printableAsciiButPercentIsSentAsItIs() {
        String message = "Invalid request: name: must be a resource name like \"incidents/{id}\", see [docs] #1 ~ok";

        assertEquals(message, GrpcMessageEncoding.encode(message));
    }

    @Test
    void percentIsEncoded() {
        assertEquals("100%25 sure", GrpcMessageEncoding.encode("100% sure"));
    }

    @Test
    void controlCharactersAndNonAsciiAreEncodedAsUtf8Bytes() {
        assertEquals("line%0Anext%09tab", GrpcMessageEncoding.encode("line\nnext\ttab"));
        // 'ü' is C3 BC in UTF-8, '中' E4 B8 AD, and the emoji (outside the BMP) F0 9F 98 80.
        assertEquals("M%C3%BCnchen %E4%B8%AD %F0%9F%98%80", GrpcMessageEncoding.encode("München 中 😀"));
        assertEquals("%7F", GrpcMessageEncoding.encode("\u007F"));
    }

    @Test
    void decodingGivesTheMessageBack() {
        String message = "100% of \"deals/x\": 中文, ü\n";

        // URLDecoder decodes %XX like a gRPC client does (and would turn '+' into ' ', absent here).
        assertEquals(message, URLDecoder.decode(GrpcMessageEncoding.encode(message), StandardCharsets.UTF_8));
    }
}
