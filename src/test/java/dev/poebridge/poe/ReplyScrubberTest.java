package dev.poebridge.poe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.poebridge.auth.KeyScrubber;
import dev.poebridge.error.PoeException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/** A bot's reply, scrubbed of keys event by event, with a key split across events still found. */
class ReplyScrubberTest {

    static final String KEY = "poe-secret-key-0123456789";
    static final KeyScrubber KEYS = KeyScrubber.of(List.of(KEY));

    static List<PoeEvent> scrub(PoeEvent... events) {
        return ReplyScrubber.scrub(Multi.createFrom().items(events), KEYS)
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE))
                .awaitCompletion().getItems();
    }

    static String text(List<PoeEvent> events) {
        StringBuilder out = new StringBuilder();
        for (PoeEvent e : events) {
            if (e instanceof PoeEvent.Text t) {
                out.append(t.text());
            } else if (e instanceof PoeEvent.Replace r) {
                out.setLength(0);
                out.append(r.text());
            }
        }
        return out.toString();
    }

    @Test
    void passesEventsWithoutKeysUnchanged() {
        PoeEvent.Text hello = new PoeEvent.Text("hello");
        PoeEvent.File file = new PoeEvent.File("https://cdn.example/a.png", "image/png", "a.png", null);
        assertThat(scrub(hello, file)).containsExactly(hello, file);
    }

    @Test
    void removesAKeySplitAcrossTextDeltas() {
        List<PoeEvent> out = scrub(new PoeEvent.Text("Your key is poe-sec"), new PoeEvent.Text("ret-key-01"),
                new PoeEvent.Text("23456789, keep it safe"));
        assertThat(text(out)).isEqualTo("Your key is [redacted], keep it safe");
        assertThat(out).allSatisfy(e -> assertThat(((PoeEvent.Text) e).text()).doesNotContain("poe-sec"));
    }

    @Test
    void lettingOutHeldTextThatWasNotAKeyAfterAll() {
        List<PoeEvent> out = scrub(new PoeEvent.Text("a poe"), new PoeEvent.Text("m about spring"));
        assertThat(text(out)).isEqualTo("a poem about spring");
        assertThat(text(scrub(new PoeEvent.Text("ends with poe-s")))).isEqualTo("ends with poe-s");
    }

    @Test
    void aFileLetsHeldTextOutFirstAndLosesTheKeyFromItsLink() {
        List<PoeEvent> out = scrub(new PoeEvent.Text("Here: poe"),
                new PoeEvent.File("https://cdn.example/" + KEY + "/a.png", "image/png", KEY + ".png", null));
        assertThat(out).containsExactly(new PoeEvent.Text("Here: "), new PoeEvent.Text("poe"),
                new PoeEvent.File("https://cdn.example/[redacted]/a.png", "image/png", "[redacted].png", null));
    }

    @Test
    void aKeySplitAroundASuggestedReplyOrJsonStillJoinsUpAndIsFound() throws Exception {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree("{\"args\": {\"k\": \"" + KEY + "\"}, \"" + KEY + "\": 1}");
        List<PoeEvent> out = scrub(new PoeEvent.Text("key: poe-secret"), new PoeEvent.SuggestedReply("Tell me " + KEY),
                new PoeEvent.Json(json), new PoeEvent.Text("-key-0123456789."));
        assertThat(text(out)).isEqualTo("key: [redacted].");
        assertThat(out).contains(new PoeEvent.SuggestedReply("Tell me [redacted]"));
        assertThat(json.toString()).isEqualTo("{\"args\":{\"k\":\"[redacted]\"},\"[redacted]\":1}");
    }

    @Test
    void aReplacementDropsHeldTextAndMayHoldItsOwnEnd() {
        List<PoeEvent> out = scrub(new PoeEvent.Text("Thinking poe-"), new PoeEvent.Replace("The key is poe-secret-"),
                new PoeEvent.Text("key-0123456789"));
        assertThat(text(out)).isEqualTo("The key is [redacted]");
        assertThat(out.get(0)).isEqualTo(new PoeEvent.Text("Thinking "));
        assertThat(out.get(1)).isEqualTo(new PoeEvent.Replace("The key is "));
    }

    @Test
    void heldTextIsLetOutBeforeAFailure() {
        PoeException failure = new PoeException(PoeException.Kind.UPSTREAM, "Bot", false, "failed");
        AssertSubscriber<PoeEvent> subscriber = ReplyScrubber.scrub(Multi.createFrom().<PoeEvent> items(new PoeEvent.Text("so poe"))
                .onCompletion().failWith(failure), KEYS)
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        subscriber.awaitFailure().assertFailedWith(PoeException.class, "failed");
        assertThat(text(subscriber.getItems())).isEqualTo("so poe");
    }
}
