package dev.poebridge.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.poebridge.error.PoeException;
import dev.poebridge.poe.AnswerLimit;
import dev.poebridge.poe.PoeEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

class FirstImageTest {

    static final PoeEvent.File PNG = new PoeEvent.File("https://cdn/a.png", "image/png", "a.png", null);
    static final PoeEvent.File JPEG = new PoeEvent.File("https://cdn/b.jpg", "image/jpeg", "b.jpg", null);
    static final PoeEvent.File VIDEO = new PoeEvent.File("https://cdn/c.mp4", "video/mp4", "c.mp4", null);

    static UniAssertSubscriber<String> first(Multi<PoeEvent> events) {
        return FirstImage.of(events, new AnswerLimit("Bot", 100_000)).subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    @Test
    void returnsTheFirstImageAndStopsReadingTheReply() {
        AtomicBoolean cancelled = new AtomicBoolean();
        AtomicInteger pulled = new AtomicInteger();
        Multi<PoeEvent> reply = Multi.createFrom().<PoeEvent> items(new PoeEvent.Text("drawing"), PNG, JPEG)
                .onItem().invoke(pulled::incrementAndGet)
                .onCancellation().invoke(() -> cancelled.set(true));
        first(reply).assertCompleted().assertItem("https://cdn/a.png");
        assertThat(cancelled).isTrue();
        assertThat(pulled).hasValue(2);
    }

    @Test
    void anImageAfterAVideoWins() {
        first(Multi.createFrom().items(VIDEO, PNG)).assertItem("https://cdn/a.png");
    }

    @Test
    void aVideoIsUsedWhenNoImageComes() {
        first(Multi.createFrom().items(VIDEO, new PoeEvent.Text("![x](https://cdn/text.png)"))).assertItem("https://cdn/c.mp4");
    }

    @Test
    void aFileWithoutContentTypeIsKeptAsFallback() {
        first(Multi.createFrom().items(new PoeEvent.File("https://cdn/x", null, "x", null))).assertItem("https://cdn/x");
    }

    @Test
    void findsUrlsInTextInOrderOfPreference() {
        assertThat(FirstImage.urlInText("see https://a/bare.png and ![img](https://a/md.png)")).isEqualTo("https://a/md.png");
        assertThat(FirstImage.urlInText("a [link](https://a/link.png) and https://a/bare.png")).isEqualTo("https://a/link.png");
        assertThat(FirstImage.urlInText("![t](<https://a/angle.png> \"title\")")).isEqualTo("https://a/angle.png");
        assertThat(FirstImage.urlInText("done: https://a/b.webp?x=1&y=2).")).isEqualTo("https://a/b.webp?x=1&y=2");
        assertThat(FirstImage.urlInText("![inline][ref] has no URL")).isNull();
        assertThat(FirstImage.urlInText("![bad](javascript:alert(1)) nothing else")).isNull();
        assertThat(FirstImage.urlInText("no link at all")).isNull();
    }

    @Test
    void replaceResponseDiscardsEarlierText() {
        first(Multi.createFrom().items(new PoeEvent.Text("https://a/old.png"), new PoeEvent.Replace("new: "),
                new PoeEvent.Text("https://a/new.png"))).assertItem("https://a/new.png");
    }

    @Test
    void suggestedRepliesAreNotSearched() {
        UniAssertSubscriber<String> result = first(Multi.createFrom().items(new PoeEvent.SuggestedReply("https://a/s.png")));
        assertThat(result.assertFailedWith(PoeException.class).getFailure().getMessage()).isEqualTo("Poe bot 'Bot' returned no image.");
    }

    @Test
    void noImageIsAnUpstreamFailureQuotingTheBot() {
        UniAssertSubscriber<String> result = first(Multi.createFrom().items(new PoeEvent.Text("x".repeat(400))));
        PoeException failure = (PoeException) result.assertFailedWith(PoeException.class).getFailure();
        assertThat(failure.kind()).isEqualTo(PoeException.Kind.UPSTREAM);
        assertThat(failure.code()).isEqualTo("no_image_returned");
        assertThat(failure.getMessage()).endsWith("x".repeat(300) + "...");
    }

    @Test
    void passesPoeFailuresOn() {
        PoeException boom = new PoeException(PoeException.Kind.RATE_LIMITED, "Bot", false, "slow down");
        first(Multi.createFrom().failure(boom)).assertFailedWith(PoeException.class, "slow down");
    }

    @Test
    void keepsOnlyTheStartOfTheTextToLookForAUrlIn() {
        String late = "x".repeat(FirstImage.MAX_TEXT_KEPT) + " https://cdn/late.png";
        first(Multi.createFrom().items(new PoeEvent.Text("see https://cdn/early.png "), new PoeEvent.Text(late)))
                .assertItem("https://cdn/early.png");
        first(Multi.createFrom().items(new PoeEvent.Text(late))).assertFailedWith(PoeException.class, "returned no image");
    }

    @Test
    void textPastTheAnswerLimitStopsTheCallWith502() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Multi<PoeEvent> reply = Multi.createFrom().range(0, 1000).map(i -> (PoeEvent) new PoeEvent.Text("y".repeat(1000)))
                .onCancellation().invoke(() -> cancelled.set(true));
        first(reply).assertFailedWith(PoeException.class, "more than 100000 characters");
        assertThat(cancelled).isTrue();
    }
}
