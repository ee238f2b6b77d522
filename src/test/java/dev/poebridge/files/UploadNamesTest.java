package dev.poebridge.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Names and media types as they may go into the headers of an upload to Poe. */
class UploadNamesTest {

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("cat.png", "cat.png"),
                Arguments.of("my photo (1).jpg", "my photo (1).jpg"),
                Arguments.of("caf\u00e9 \ud83d\ude00.png", "caf\u00e9 \ud83d\ude00.png"),
                Arguments.of("a\r\nX-Injected: yes.png", "a__X-Injected: yes.png"),
                Arguments.of("a\"; name=\"evil.png", "a_; name=_evil.png"),
                Arguments.of("../../etc/passwd", ".._.._etc_passwd"),
                Arguments.of("C:\\temp\\x.png", "C:_temp_x.png"),
                Arguments.of("tab\there\u0000.png", "tab_here_.png"),
                Arguments.of("line\u2028sep.png", "line_sep.png"),
                Arguments.of("lone\ud800.png", "lone_.png"));
    }

    @ParameterizedTest
    @MethodSource("names")
    void removesWhatCouldEndAHeaderOrNameAPath(String name, String safe) {
        assertThat(UploadNames.fileName(name, "file")).isEqualTo(safe);
    }

    @Test
    void fallsBackWhenNothingUsableIsLeft() {
        assertThat(UploadNames.fileName(null, "image-1.png")).isEqualTo("image-1.png");
        assertThat(UploadNames.fileName("  ", "image-1.png")).isEqualTo("image-1.png");
        assertThat(UploadNames.fileName("\r\n", "image-1.png")).isEqualTo("image-1.png");
        assertThat(UploadNames.fileName("..", "image-1.png")).isEqualTo("image-1.png");
    }

    @Test
    void capsTheLengthWithoutSplittingACharacter() {
        assertThat(UploadNames.fileName("a".repeat(1000), "f")).hasSize(255);
        String emoji = "\ud83d\ude00".repeat(200);
        String safe = UploadNames.fileName(emoji, "f");
        assertThat(safe.length()).isLessThanOrEqualTo(255);
        assertThat(safe.codePoints().allMatch(cp -> cp == 0x1F600)).isTrue();
    }

    static Stream<Arguments> mediaTypes() {
        return Stream.of(
                Arguments.of("image/png", "image/png"),
                Arguments.of("IMAGE/JPEG", "image/jpeg"),
                Arguments.of("application/pdf; charset=binary", "application/pdf"),
                Arguments.of("image/svg+xml", "image/svg+xml"),
                Arguments.of("image/png\r\nX-Injected: yes", "application/octet-stream"),
                Arguments.of("image/png\nX: y", "application/octet-stream"),
                Arguments.of("text", "application/octet-stream"),
                Arguments.of("image/", "application/octet-stream"),
                Arguments.of("image/png x", "application/octet-stream"),
                Arguments.of("", "application/octet-stream"));
    }

    @ParameterizedTest
    @MethodSource("mediaTypes")
    void keepsOnlyAWellFormedMediaType(String type, String safe) {
        assertThat(UploadNames.mediaType(type)).isEqualTo(safe);
    }
}
