package dev.poebridge.poe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.poebridge.poe.SseFrameParser.Frame;

class SseFrameParserTest {

    static List<Frame> parse(String body, int chunkSize) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SseFrameParser parser = new SseFrameParser();
        List<Frame> frames = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += chunkSize) {
            parser.feed(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + chunkSize)), frames::add);
        }
        parser.end(frames::add);
        return frames;
    }

    static final String STREAM = """
            : a comment
            event: text
            data: {"text": "Grüße 🎨"}

            event: file
            data: {"url": "u",
            data: "name": "n"}
            id: 7
            retry: 100

            event: done
            data: {}

            """;

    static final List<Frame> EXPECTED = List.of(
            new Frame("text", "{\"text\": \"Grüße 🎨\"}"),
            new Frame("file", "{\"url\": \"u\",\n\"name\": \"n\"}"),
            new Frame("done", "{}"));

    @Test
    void framesEventsAndJoinsDataLinesWithNewlines() {
        assertThat(parse(STREAM, 1 << 20)).isEqualTo(EXPECTED);
    }

    @Test
    void givesTheSameFramesWhateverTheChunkBoundaries() {
        for (int size = 1; size <= 9; size++) {
            assertThat(parse(STREAM, size)).as("chunks of %d bytes", size).isEqualTo(EXPECTED);
        }
    }

    @Test
    void acceptsCrlfAndCrLineEndings() {
        assertThat(parse(STREAM.replace("\n", "\r\n"), 3)).isEqualTo(EXPECTED);
        assertThat(parse(STREAM.replace("\n", "\r"), 3)).isEqualTo(EXPECTED);
    }

    @Test
    void dropsCommentOnlyAndEmptyFrames() {
        assertThat(parse(": keep-alive\n\n\n\n: again\n\n", 4)).isEmpty();
    }

    @Test
    void stripsOnlyOneLeadingSpaceAndAcceptsFieldsWithoutOne() {
        assertThat(parse("event:text\ndata:  two spaces\n\n", 100))
                .containsExactly(new Frame("text", " two spaces"));
    }

    @Test
    void aFrameWithoutAnEventNameIsAMessage() {
        assertThat(parse("data: {}\n\n", 100)).containsExactly(new Frame("message", "{}"));
    }

    @Test
    void deliversALastFrameThatLacksItsClosingBlankLine() {
        assertThat(parse("event: done\ndata: {}", 5)).containsExactly(new Frame("done", "{}"));
    }
}
