package dev.poebridge.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.openai.Usage;

/** A delta's frame is byte for byte what serialising its whole chunk makes, whatever the bot wrote. */
class DeltaFrameTest {

    /** A chunk shaped like chat's, with a caller-given model in the part that is reused. */
    private static final TextFormat FORMAT = new TextFormat() {
        public String idPrefix() {
            return "chatcmpl";
        }

        public boolean opensWithRole() {
            return true;
        }

        public Object whole(Head head, String content, Usage usage) {
            return content;
        }

        public Object chunk(Head head, String role, String content, String finishReason, Optional<Usage> usage) {
            Map<String, Object> delta = new LinkedHashMap<>();
            delta.put("content", content);
            Map<String, Object> choice = new LinkedHashMap<>();
            choice.put("index", 0);
            choice.put("delta", delta);
            choice.put("finish_reason", finishReason);
            Map<String, Object> chunk = new LinkedHashMap<>();
            chunk.put("id", head.id());
            chunk.put("created", head.created());
            chunk.put("model", head.model());
            chunk.put("choices", List.of(choice));
            return chunk;
        }

        public Object usageChunk(Head head, Usage usage) {
            return usage;
        }
    };

    private final AnswerStream.Shape shape = new AnswerStream.Shape(FORMAT,
            new TextFormat.Head("chatcmpl-1", 1700000000L, "Bot \"quoted\" \\ ü"), false, 3, new ObjectMapper());

    @ParameterizedTest
    @ValueSource(strings = { "", "plain", "quote \" and backslash \\", "line\nbreak\ttab\r", "\u0000\u001f\u007f",
            "unicode ü 漢字 😀", "</script><!--", "\\u0000 literally", "lone \ud800 surrogate", "\udc00 reversed \ud800" })
    void frameEqualsTheSerialisedChunk(String delta) {
        DeltaFrame frames = DeltaFrame.of(shape);

        assertThat(frames.frame(delta).toString(StandardCharsets.UTF_8))
                .isEqualTo(shape.content(delta).toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = { "delta-", "anything" })
    void aModelThatContainsTextLikeTheMarkStillGetsItsFrames(String model) {
        AnswerStream.Shape odd = new AnswerStream.Shape(FORMAT, new TextFormat.Head("id", 1L, model), false, 0,
                new ObjectMapper());

        assertThat(DeltaFrame.of(odd).frame("x").toString(StandardCharsets.UTF_8))
                .isEqualTo(odd.content("x").toString(StandardCharsets.UTF_8));
    }

    @Test
    void oneEventsDeltasAreTheirFramesInOrderInOneBuffer() {
        DeltaFrame frames = DeltaFrame.of(shape);

        assertThat(frames.frames(List.of("a", "b \"c\"", "d")).toString(StandardCharsets.UTF_8))
                .isEqualTo(shape.content("a").toString(StandardCharsets.UTF_8)
                        + shape.content("b \"c\"").toString(StandardCharsets.UTF_8)
                        + shape.content("d").toString(StandardCharsets.UTF_8));
        assertThat(frames.frames(List.of("only")).toString(StandardCharsets.UTF_8))
                .isEqualTo(shape.content("only").toString(StandardCharsets.UTF_8));
    }

    @Test
    void anEventWithoutDeltasHasNothingToWrite() {
        assertThat(DeltaFrame.of(shape).frames(List.of())).isSameAs(DeltaFrame.NONE);
    }
}
