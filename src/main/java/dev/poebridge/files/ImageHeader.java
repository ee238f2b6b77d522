package dev.poebridge.files;

import java.util.Optional;

/**
 * What an image's header says: its type (by signature, as {@link MediaTypes#sniffImage}) and its size in pixels, read
 * from the few bytes that state it (PNG's IHDR, JPEG's SOFn frame header, WebP's VP8/VP8L/VP8X header, GIF's logical
 * screen). No pixel is decoded. The bytes come from a bot and may be anything: every read is bounds-checked, a JPEG's
 * segments are walked forward only, and whatever cannot be read is "unknown" (a zero size), never an exception.
 */
public record ImageHeader(String mediaType, int width, int height) {

    private static final ImageHeader UNKNOWN = new ImageHeader(null, 0, 0);

    /** The header of these bytes; {@code mediaType} null and the size zero when they are not a known image. */
    public static ImageHeader of(byte[] bytes) {
        String type = MediaTypes.sniffImage(bytes);
        if (type == null) {
            return UNKNOWN;
        }
        long size = switch (type) {
            case "image/png" -> png(bytes);
            case "image/jpeg" -> jpeg(bytes);
            case "image/webp" -> webp(bytes);
            default -> gif(bytes);
        };
        int width = (int) (size >>> 32);
        int height = (int) size;
        return width > 0 && height > 0 ? new ImageHeader(type, width, height) : new ImageHeader(type, 0, 0);
    }

    /**
     * OpenAI's {@code output_format}: {@code png}, {@code jpeg} or {@code webp}. Empty for a GIF, which OpenAI's
     * schema has no value for (a client that checks the value would refuse the whole response), and for unknown bytes.
     */
    public Optional<String> outputFormat() {
        return switch (mediaType == null ? "" : mediaType) {
            case "image/png" -> Optional.of("png");
            case "image/jpeg" -> Optional.of("jpeg");
            case "image/webp" -> Optional.of("webp");
            default -> Optional.empty();
        };
    }

    /** {@code WxH}, as OpenAI writes sizes; empty when the header could not be read. */
    public Optional<String> size() {
        return width > 0 ? Optional.of(width + "x" + height) : Optional.empty();
    }

    /** The signature, then a chunk of length 13 named IHDR: width and height, 4 bytes each, big-endian. */
    private static long png(byte[] b) {
        if (b.length < 24 || !ascii(b, 12, "IHDR") || (b[4] & 0xff) != 0x0d || b[5] != 0x0a || (b[6] & 0xff) != 0x1a
                || b[7] != 0x0a) {
            return 0;
        }
        return size(bigEndian(b, 16, 4), bigEndian(b, 20, 4));
    }

    /** Markers read at most before a JPEG's frame header; past them the size is unknown. */
    private static final int MAX_JPEG_MARKERS = 4096;

    /**
     * The segments after SOI, each {@code FF marker length(2) payload}, until a start-of-frame (SOF0..SOF15 but DHT,
     * JPG and DAC, which share the range): precision(1), height(2), width(2). Image data (SOS) or the end (EOI) before
     * any frame header is unknown. Each step moves forward, so hostile lengths cannot loop.
     */
    private static long jpeg(byte[] b) {
        int at = 2;
        // Real headers reach their frame in a few dozen markers; a run of fill bytes must not walk a whole file.
        for (int steps = 0; at + 1 < b.length && steps < MAX_JPEG_MARKERS; steps++) {
            if ((b[at] & 0xff) != 0xff) {
                return 0;
            }
            int marker = b[at + 1] & 0xff;
            if (marker == 0xff) {
                at++; // fill byte before a marker
                continue;
            }
            if (marker == 0x01 || marker >= 0xd0 && marker <= 0xd7) {
                at += 2; // standalone markers carry no length
                continue;
            }
            if (marker == 0xd9 || marker == 0xda || at + 4 > b.length) {
                return 0;
            }
            int length = (int) bigEndian(b, at + 2, 2);
            if (length < 2) {
                return 0;
            }
            if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
                return at + 9 <= b.length ? size(bigEndian(b, at + 7, 2), bigEndian(b, at + 5, 2)) : 0;
            }
            at += 2 + length;
        }
        return 0;
    }

    /** RIFF, then the first chunk: lossy (VP8), lossless (VP8L) or extended (VP8X, the canvas size). */
    private static long webp(byte[] b) {
        if (b.length < 30) {
            return 0;
        }
        if (ascii(b, 12, "VP8 ")) {
            // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height (the top 2 bits are scaling).
            if ((b[23] & 0xff) != 0x9d || b[24] != 0x01 || b[25] != 0x2a) {
                return 0;
            }
            return size(littleEndian(b, 26, 2) & 0x3fff, littleEndian(b, 28, 2) & 0x3fff);
        }
        if (ascii(b, 12, "VP8L")) {
            // Signature 0x2F, then width-1 and height-1 in 14 bits each.
            if ((b[20] & 0xff) != 0x2f) {
                return 0;
            }
            long bits = littleEndian(b, 21, 4);
            return size((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
        }
        if (ascii(b, 12, "VP8X")) {
            // Flags (1 byte), reserved (3), then canvas width-1 and height-1 in 3 bytes each.
            return size(littleEndian(b, 24, 3) + 1, littleEndian(b, 27, 3) + 1);
        }
        return 0;
    }

    /** GIF87a or GIF89a, then the logical screen's width and height, 2 bytes each, little-endian. */
    private static long gif(byte[] b) {
        if (b.length < 10 || !ascii(b, 0, "GIF87a") && !ascii(b, 0, "GIF89a")) {
            return 0;
        }
        return size(littleEndian(b, 6, 2), littleEndian(b, 8, 2));
    }

    /** Width and height in one long; zero when either is out of range (PNG allows up to 2^31 - 1). */
    private static long size(long width, long height) {
        if (width <= 0 || height <= 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
            return 0;
        }
        return width << 32 | height;
    }

    private static boolean ascii(byte[] b, int at, String text) {
        if (at + text.length() > b.length) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (b[at + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Callers check the bounds first. */
    private static long bigEndian(byte[] b, int at, int count) {
        long value = 0;
        for (int i = 0; i < count; i++) {
            value = value << 8 | (b[at + i] & 0xff);
        }
        return value;
    }

    /** Callers check the bounds first. */
    private static long littleEndian(byte[] b, int at, int count) {
        long value = 0;
        for (int i = count - 1; i >= 0; i--) {
            value = value << 8 | (b[at + i] & 0xff);
        }
        return value;
    }
}
