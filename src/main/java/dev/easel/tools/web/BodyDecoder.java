package dev.easel.tools.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Undoes gzip or zlib compression that a server applied although the guard asked for
 * {@code Accept-Encoding: identity} (the guard hands over the bytes as sent, without the
 * {@code Content-Encoding} header, so the format is recognised by its magic bytes; neither can
 * start an HTML or text document). Inflating stops once the limit is passed, so a small
 * compressed bomb costs at most the limit.
 */
final class BodyDecoder {
    /** The body inflated past the limit. */
    static final class TooLargeException extends Exception {
        TooLargeException() {
            super(null, null, false, false);
        }
    }

    private BodyDecoder() {}

    static byte[] decode(byte[] body, long maxBytes) throws IOException, TooLargeException {
        if (isGzip(body)) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
                return readCapped(in, maxBytes);
            }
        }
        if (isZlib(body)) {
            try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(body))) {
                return readCapped(in, maxBytes);
            } catch (ZipException e) {
                return body; // text that merely starts like a zlib header ("x^")
            }
        }
        return body;
    }

    private static boolean isGzip(byte[] b) {
        return b.length >= 3 && (b[0] & 0xff) == 0x1f && (b[1] & 0xff) == 0x8b && b[2] == 8;
    }

    /** RFC 1950 with a 32 KiB window (what servers send): header checksum a multiple of 31, no preset dictionary. */
    private static boolean isZlib(byte[] b) {
        if (b.length < 2) {
            return false;
        }
        int cmf = b[0] & 0xff;
        int flg = b[1] & 0xff;
        return cmf == 0x78 && (cmf * 256 + flg) % 31 == 0 && (flg & 0x20) == 0;
    }

    private static byte[] readCapped(InputStream in, long maxBytes) throws IOException, TooLargeException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            if (n > maxBytes - out.size()) {
                throw new TooLargeException();
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
