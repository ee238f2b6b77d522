package dev.poebridge.files;

import static dev.poebridge.testsupport.TestImages.hex;
import static dev.poebridge.testsupport.TestImages.webp;
import static dev.poebridge.testsupport.TestImages.written;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ImageHeader}: the type and pixel size of real images of each kind, and a clean "unknown" for broken bytes. */
class ImageHeaderTest {

    /** A 1x1 lossless WebP (VP8L), as browsers' feature tests embed it. */
    static final byte[] WEBP_LOSSLESS = Base64.getDecoder().decode("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==");
    /** A 1x1 lossy WebP (VP8). */
    static final byte[] WEBP_LOSSY = Base64.getDecoder().decode("UklGRiIAAABXRUJQVlA4IBYAAAAwAQCdASoBAAEADsD+JaQAA3AAAAAA");
    /** An extended WebP (VP8X) header for a 1536x1024 canvas: width-1 and height-1 in 3 bytes each. */
    static final byte[] WEBP_EXTENDED = webp(1536, 1024);
    /** A progressive JPEG's start: fill bytes, an APP1, a DHT (0xC4, in the SOF range but no frame), then SOF2. */
    static final byte[] JPEG_PROGRESSIVE = hex("ffd8" + "ffe1000645786966" + "ffc4000400ff" + "ffff" + "ffc2001108"
            + "0300" + "0400" + "03011100021101031101" + "ffda");

    static Stream<Arguments> realImages() {
        return Stream.of(
                image("PNG written by ImageIO", written("png", 16, 16), "image/png", "png", "16x16"),
                image("wide PNG", written("png", 1536, 1024), "image/png", "png", "1536x1024"),
                image("JPEG written by ImageIO (APP0, DQT before SOF0)", written("jpeg", 1024, 1536), "image/jpeg", "jpeg",
                        "1024x1536"),
                image("progressive JPEG after fill bytes and DHT", JPEG_PROGRESSIVE, "image/jpeg", "jpeg", "1024x768"),
                image("lossless WebP (VP8L)", WEBP_LOSSLESS, "image/webp", "webp", "1x1"),
                image("lossy WebP (VP8)", WEBP_LOSSY, "image/webp", "webp", "1x1"),
                image("extended WebP (VP8X)", WEBP_EXTENDED, "image/webp", "webp", "1536x1024"),
                image("GIF written by ImageIO: a size, but no output_format", written("gif", 40, 30), "image/gif", null,
                        "40x30"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realImages")
    void readsTheTypeAndSizeOfRealImages(byte[] bytes, String mediaType, String outputFormat, String size) {
        ImageHeader header = ImageHeader.of(bytes);
        assertThat(header.mediaType()).isEqualTo(mediaType);
        assertThat(header.outputFormat()).isEqualTo(java.util.Optional.ofNullable(outputFormat));
        assertThat(header.size()).contains(size);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("realImages")
    void everyTruncationIsUnknownOrRightNeverAnException(byte[] bytes, String mediaType, String outputFormat, String size) {
        for (int length = 0; length < bytes.length; length++) {
            ImageHeader header = ImageHeader.of(Arrays.copyOf(bytes, length));
            assertThat(header.size()).as("first %d bytes", length).satisfiesAnyOf(
                    s -> assertThat(s).isEmpty(), s -> assertThat(s).contains(size));
        }
    }

    static Stream<Arguments> brokenHeaders() {
        return Stream.of(
                broken("not an image", "68656c6c6f20776f726c642c206e6f7420616e20696d616765", null),
                broken("empty", "", null),
                broken("PNG whose first chunk is not IHDR",
                        "89504e470d0a1a0a0000000d494441540000001000000010080200000090916836", "image/png"),
                broken("PNG with a zero width", "89504e470d0a1a0a0000000d494844520000000000000010080200000090916836",
                        "image/png"),
                broken("PNG wider than 2^31 - 1", "89504e470d0a1a0a0000000d4948445280000000000000100802000000", "image/png"),
                broken("PNG with a broken signature", "89504e47000000000000000d494844520000001000000010080200000090916836",
                        "image/png"),
                broken("JPEG whose image data comes before any frame header", "ffd8ffdb00044300ffda000c03010002110311003f00",
                        "image/jpeg"),
                broken("JPEG with a segment length below 2", "ffd8ffe00000ffc0001108001000100301220002110311", "image/jpeg"),
                broken("JPEG with garbage where a marker belongs", "ffd8ffe0000400007a7a7a7a7a7a7a7a7a7a", "image/jpeg"),
                broken("JPEG whose segment length runs past the end", "ffd8ffe0fff0000000", "image/jpeg"),
                broken("JPEG with a zero height (set later by DNL)", "ffd8ffc00011080000004003011100021101031101",
                        "image/jpeg"),
                broken("WebP with an unknown first chunk", "52494646240000005745425041424344" + "00".repeat(20), "image/webp"),
                broken("lossy WebP without its start code", "524946462200000057454250565038201600000030010000000001000100"
                        + "0ec0fe25a40003700000", "image/webp"),
                broken("lossless WebP without its signature", "524946461a000000574542505650384c0d000000" + "00".repeat(14),
                        "image/webp"),
                broken("GIF with a zero width", "47494638396100000a00f70000", "image/gif"),
                broken("GIF of an unknown version", "474946383861" + "0a000a00f70000", "image/gif"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenHeaders")
    void brokenHeadersHaveNoSize(byte[] bytes, String mediaType) {
        ImageHeader header = ImageHeader.of(bytes);
        assertThat(header.mediaType()).isEqualTo(mediaType);
        assertThat(header.size()).isEmpty();
        assertThat(header.width()).isZero();
        assertThat(header.height()).isZero();
    }

    @Test
    void randomBytesAfterEachSignatureNeverThrow() {
        Random random = new Random(11);
        byte[][] starts = { hex("89504e470d0a1a0a0000000d49484452"), hex("ffd8ff"), hex("524946460000000057454250"),
                hex("474946383961") };
        for (int i = 0; i < 20_000; i++) {
            byte[] start = starts[i % starts.length];
            byte[] bytes = Arrays.copyOf(start, start.length + random.nextInt(64));
            for (int j = start.length; j < bytes.length; j++) {
                bytes[j] = (byte) random.nextInt(256);
            }
            assertThatCode(() -> ImageHeader.of(bytes)).as(HexFormat.of().formatHex(bytes)).doesNotThrowAnyException();
        }
    }

    static Arguments image(String name, byte[] bytes, String mediaType, String outputFormat, String size) {
        return Arguments.of(Named.of(name, bytes), mediaType, outputFormat, size);
    }

    static Arguments broken(String name, String hex, String mediaType) {
        return Arguments.of(Named.of(name, hex(hex)), mediaType);
    }
}
