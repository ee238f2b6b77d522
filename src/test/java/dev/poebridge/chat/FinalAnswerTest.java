package dev.poebridge.chat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.poebridge.poe.PoeEvent;

class FinalAnswerTest {

    static FinalAnswer of(PoeEvent... events) {
        FinalAnswer answer = new FinalAnswer();
        for (PoeEvent e : events) {
            answer.accept(e);
        }
        return answer;
    }

    @Test
    void replaceDropsEarlierTextButKeepsFiles() {
        FinalAnswer answer = of(new PoeEvent.Text("draft"), new PoeEvent.File("https://cdn/a.png", "image/png", "a.png", null),
                new PoeEvent.Text(" more"), new PoeEvent.Replace("final"), new PoeEvent.Text("!"));
        assertThat(answer.content()).isEqualTo("![a.png](https://cdn/a.png)\nfinal!");
        assertThat(answer.plainText()).isEqualTo("final!");
    }

    @Test
    void aFileShownThroughAnInlineReferenceIsNotListedAgain() {
        FinalAnswer answer = of(new PoeEvent.File("https://cdn/a.png", "image/png", "a.png", "r"),
                new PoeEvent.Text("look ![cat][r]"), new PoeEvent.File("https://cdn/b.pdf", "application/pdf", "b.pdf", null));
        assertThat(answer.content()).isEqualTo("look ![cat](https://cdn/a.png)\n[b.pdf](https://cdn/b.pdf)\n");
    }

    @Test
    void jsonAndSuggestionsAreNotContent() {
        assertThat(of(new PoeEvent.Text("a"), new PoeEvent.SuggestedReply("b"), new PoeEvent.Json(null)).content()).isEqualTo("a");
    }
}
