package org.corridorwatch.support.errors;

import java.nio.charset.StandardCharsets;

/**
 * The {@code grpc-message} header as the gRPC HTTP/2 protocol defines it: the status message in
 * UTF-8, with every byte outside printable ASCII (0x20 to 0x7E) and the byte '%' itself written as
 * {@code %XX}; everything else is sent as it is. Clients of every language decode exactly that.
 *
 * <p>Vert.x's gRPC server (which Quarkus runs gRPC on when it shares the HTTP port) encodes the
 * message as a URL form instead, so ':', '/', ',', '"' and the rest arrive as %3A, %2F ... ;
 * grpc-java decodes them, but grpc-js decodes only part of them and shows the rest as sent.
 */
public final class GrpcMessageEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private GrpcMessageEncoding() {
    }

    /** The header value for {@code message}. */
    public static String encode(String message) {
        byte[] utf8 = message.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(utf8.length + 16);
        for (byte b : utf8) {
            int c = b & 0xFF;
            if (c >= 0x20 && c <= 0x7E && c != '%') {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }
}
