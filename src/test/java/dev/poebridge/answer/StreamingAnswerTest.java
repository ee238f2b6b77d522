package dev.poebridge.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.poebridge.error.PoeException;
import dev.poebridge.poe.AnswerLimit;
import dev.poebridge.poe.PoeEvent;

class StreamingAnswerTest {

    static final AnswerLimit LIMIT = new AnswerLimit("Some-Bot", 10_000);

    /** Feeds the events and returns every delta, including those of finish(). */
    static List<String> deltas(PoeEvent... events) {
        StreamingAnswer answer = new StreamingAnswer(LIMIT);
        List<String> out = new ArrayList<>();
        for (PoeEvent e : events) {
            out.addAll(answer.accept(e));
        }
        out.addAll(answer.finish());
        return out;
    }

    static String content(PoeEvent... events) {
        return String.join("", deltas(events));
    }

    static PoeEvent text(String t) {
        return new PoeEvent.Text(t);
    }

    static PoeEvent replace(String t) {
        return new PoeEvent.Replace(t);
    }

    static PoeEvent.File image(String ref) {
        return new PoeEvent.File("https://cdn/x y.png", "image/png", "x.png", ref);
    }

    @Test
    void sendsTextAsItComes() {
        StreamingAnswer answer = new StreamingAnswer(LIMIT);
        assertThat(answer.accept(text("Hel"))).containsExactly("Hel");
        assertThat(answer.accept(text("lo"))).containsExactly("lo");
        assertThat(answer.accept(new PoeEvent.Meta("text/markdown"))).isEmpty();
        assertThat(answer.accept(new PoeEvent.SuggestedReply("more?"))).isEmpty();
        assertThat(answer.finish()).isEmpty();
        assertThat(answer.visibleChars()).isEqualTo(5);
    }

    @Test
    void putsFilesOnTheirOwnLinesWithEncodedUrls() {
        assertThat(content(text("See"), image(null), text("done"))).isEqualTo("See\n![x.png](https://cdn/x%20y.png)\ndone");
        assertThat(content(new PoeEvent.File("https://cdn/a.mp3", "audio/mpeg", "a [1].mp3", null)))
                .isEqualTo("[a (1).mp3](https://cdn/a.mp3)\n");
    }

    @Test
    void holdsAReferenceSplitAcrossEventsUntilItsFileArrives() {
        StreamingAnswer answer = new StreamingAnswer(LIMIT);
        assertThat(answer.accept(text("A !"))).containsExactly("A ");
        assertThat(answer.accept(text("[cat"))).isEmpty();
        assertThat(answer.accept(text("][r1] and more"))).isEmpty();
        assertThat(answer.accept(image("r1"))).containsExactly("![cat](https://cdn/x%20y.png) and more");
        assertThat(answer.accept(text("!"))).isEmpty();
        assertThat(answer.finish()).containsExactly("!");
    }

    @Test
    void releasesTextThatOnlyLookedLikeAReference() {
        assertThat(deltas(text("Wow![not a ref"), text("] really"))).containsExactly("Wow", "![not a ref] really");
        assertThat(content(text("Bang! Bang!"))).isEqualTo("Bang! Bang!");
    }

    @Test
    void sendsAnUnresolvedReferenceAsWrittenAtTheEnd() {
        assertThat(content(text("![t][missing] tail"))).isEqualTo("![t][missing] tail");
    }

    @Test
    void resolvesAReferenceToAFileThatCameFirst() {
        assertThat(content(image("r2"), text("here: ![t][r2]"))).isEqualTo("![x.png](https://cdn/x%20y.png)\nhere: ![t](https://cdn/x%20y.png)");
    }

    @Test
    void aReplacementThatExtendsSendsOnlyItsSuffix() {
        assertThat(deltas(text("Hello"), replace("Hello, wor"), text("ld"))).containsExactly("Hello", ", wor", "ld");
    }

    @Test
    void aReplacementOfHeldBackTextNeedsNoSeparator() {
        assertThat(content(text("Hi ![x"), replace("Hi there"))).isEqualTo("Hi there");
    }

    @Test
    void aReplacedStatusLineIsFollowedByTheAnswerStreamingOn() {
        StreamingAnswer answer = new StreamingAnswer(LIMIT);
        assertThat(answer.accept(text("Thinking..."))).containsExactly("Thinking...");
        assertThat(answer.accept(replace("The"))).isEmpty();
        assertThat(answer.accept(replace("The answer"))).isEmpty();
        assertThat(answer.accept(text(" is"))).containsExactly("\n\n", "The answer is");
        assertThat(answer.accept(text(" 42."))).containsExactly(" 42.");
        assertThat(answer.finish()).isEmpty();
    }

    @Test
    void aRewritingBotIsSentOnceAtTheEnd() {
        StreamingAnswer answer = new StreamingAnswer(LIMIT);
        answer.accept(text("Hxlo"));
        assertThat(answer.accept(replace("Helo"))).isEmpty();
        assertThat(answer.accept(replace("Hallo"))).isEmpty();
        assertThat(answer.accept(text(" wrld"))).isEmpty();
        assertThat(answer.accept(replace("Hello, world"))).isEmpty();
        assertThat(answer.finish()).containsExactly("\n\n", "Hello, world");
    }

    @Test
    void aRewritingBotWhoseFinalTextExtendsTheSentTextSendsOnlyTheSuffix() {
        assertThat(deltas(text("Hello"), replace("Help"), replace("Hel"), replace("Hello there"))).containsExactly("Hello", " there");
    }

    @Test
    void filesArriveWhileTextIsHeld() {
        assertThat(content(text("Draft"), replace("Final"), new PoeEvent.File("https://cdn/f", "image/png", "f", null),
                replace("Final!"), replace("Other"))).isEqualTo("Draft\n![f](https://cdn/f)\n\nOther");
    }

    @Test
    void anOpeningThatNeverBecomesAReferenceIsNotHeldBeyondTheLimitOfHeldText() {
        StreamingAnswer answer = new StreamingAnswer(LIMIT);
        assertThat(answer.accept(text("![" + "a".repeat(StreamingAnswer.MAX_HELD - 2)))).isEmpty();
        assertThat(String.join("", answer.accept(text("bc")))).isEqualTo("![" + "a".repeat(StreamingAnswer.MAX_HELD - 2) + "bc");
    }

    @Test
    void aLongAnswerThatOnlyAppendsStreamsPastTheLimit() {
        StreamingAnswer answer = new StreamingAnswer(LIMIT);
        long sent = 0;
        for (int i = 0; i < 5; i++) {
            sent += String.join("", answer.accept(text("x".repeat(4000)))).length();
        }
        assertThat(sent).isEqualTo(20_000);
        assertThat(answer.visibleChars()).isEqualTo(20_000);
    }

    @Test
    void aReplacementAfterTheLimitFailsBecauseWhatTheClientHasIsNoLongerKept() {
        StreamingAnswer answer = new StreamingAnswer(LIMIT);
        answer.accept(text("x".repeat(10_001)));
        assertThatThrownBy(() -> answer.accept(replace("x".repeat(10_002))))
                .isInstanceOfSatisfying(PoeException.class, e -> assertThat(e.code()).isEqualTo("answer_too_large"));
        assertThat(answer.finish()).isEmpty();
    }

    @Test
    void textHeldToTheEndPastTheLimitFailsAndIsDropped() {
        StreamingAnswer answer = new StreamingAnswer(LIMIT);
        answer.accept(text("Hxlo"));
        answer.accept(replace("Helo"));
        answer.accept(replace("Hallo")); // a rewriting bot: its text is held until the end
        assertThatThrownBy(() -> answer.accept(text("y".repeat(10_000))))
                .isInstanceOfSatisfying(PoeException.class, e -> assertThat(e.getMessage()).contains("Some-Bot"));
        assertThat(answer.finish()).isEmpty();
    }
}
