package dev.poebridge.answer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import dev.poebridge.error.PoeException;
import dev.poebridge.poe.AnswerLimit;
import dev.poebridge.poe.PoeEvent;

class FinalAnswerTest {

    static final AnswerLimit LIMIT = new AnswerLimit("Some-Bot", 1000);

    static FinalAnswer of(PoeEvent... events) {
        FinalAnswer answer = new FinalAnswer(LIMIT);
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

    @Test
    void anAnswerUpToTheLimitIsWhole() {
        assertThat(of(new PoeEvent.Text("x".repeat(600)), new PoeEvent.Text("y".repeat(400))).plainText()).hasSize(1000);
    }

    @Test
    void textGrowingPastTheLimitFailsWith502NamingTheBot() {
        FinalAnswer answer = of(new PoeEvent.Text("x".repeat(600)));
        assertThatThrownBy(() -> answer.accept(new PoeEvent.Text("y".repeat(401))))
                .isInstanceOfSatisfying(PoeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PoeException.Kind.UPSTREAM);
                    assertThat(e.code()).isEqualTo("answer_too_large");
                    assertThat(e.getMessage()).contains("Some-Bot", "1000");
                });
    }

    @Test
    void aReplacementCountsAsTheWholeText() {
        FinalAnswer answer = of(new PoeEvent.Text("x".repeat(900)), new PoeEvent.Replace("short"), new PoeEvent.Text("y".repeat(900)));
        assertThat(answer.plainText()).hasSize(905);
        assertThatThrownBy(() -> answer.accept(new PoeEvent.Replace("z".repeat(1001)))).isInstanceOf(PoeException.class);
    }

    @Test
    void filesCountTowardsTheLimitSoThousandsOfThemCannotFillTheHeap() {
        FinalAnswer answer = new FinalAnswer(LIMIT);
        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) {
                answer.accept(new PoeEvent.File("https://cdn/" + i + ".png", "image/png", i + ".png", null));
            }
        }).isInstanceOf(PoeException.class);
    }
}
