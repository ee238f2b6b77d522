package dev.poebridge.poe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.auth.KeyScrubber;
import dev.poebridge.error.PoeException;
import dev.poebridge.error.PoeException.Kind;
import dev.poebridge.poe.StatusClassifier.Call;

/** One reading of Poe's statuses for all three calls, and the few places where a call gives a status its own meaning. */
class StatusClassifierTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ErrorBody OUT_OF_POINTS = ErrorBody.parse(
            "{\"error\": {\"message\": \"You've used up your points\", \"code\": \"insufficient_quota\"}}", MAPPER);

    @ParameterizedTest(name = "HTTP {1} to the {0} is {2}, retryable: {3}")
    @CsvSource({
            "BOT_QUERY,   401, AUTHENTICATION,      false",
            "FILE_UPLOAD, 401, AUTHENTICATION,      false",
            "MODEL_LIST,  403, AUTHENTICATION,      false",
            "BOT_QUERY,   402, INSUFFICIENT_POINTS, false",
            "FILE_UPLOAD, 402, INSUFFICIENT_POINTS, false",
            "BOT_QUERY,   404, MODEL_NOT_FOUND,     false",
            "FILE_UPLOAD, 404, UPSTREAM,            false",
            "MODEL_LIST,  404, UPSTREAM,            false",
            "BOT_QUERY,   408, TIMEOUT,             false",
            "FILE_UPLOAD, 408, UPSTREAM,            false",
            "BOT_QUERY,   413, USER_ERROR,          false",
            "FILE_UPLOAD, 413, PAYLOAD_TOO_LARGE,   false",
            "FILE_UPLOAD, 415, USER_ERROR,          false",
            "BOT_QUERY,   415, UPSTREAM,            false",
            "BOT_QUERY,   429, RATE_LIMITED,        false",
            "FILE_UPLOAD, 429, RATE_LIMITED,        false",
            "BOT_QUERY,   503, UPSTREAM,            true",
            "FILE_UPLOAD, 500, UPSTREAM,            true",
            "MODEL_LIST,  503, UPSTREAM,            true",
            "BOT_QUERY,   302, UPSTREAM,            false" })
    void eachStatusMeansOneKindPerCall(Call call, int status, Kind kind, boolean retryable) {
        assertThat(StatusClassifier.classify(call, status, ErrorBody.NONE))
                .isEqualTo(new StatusClassifier.Verdict(kind, retryable));
    }

    @Test
    void aBotQueryReadsTheBodyWhereTheStatusLeavesRoomAndAnUploadDoesNot() {
        assertThat(StatusClassifier.classify(Call.BOT_QUERY, 429, OUT_OF_POINTS).kind())
                .isEqualTo(Kind.INSUFFICIENT_POINTS);
        assertThat(StatusClassifier.classify(Call.BOT_QUERY, 200, OUT_OF_POINTS).kind())
                .isEqualTo(Kind.INSUFFICIENT_POINTS);
        assertThat(StatusClassifier.classify(Call.FILE_UPLOAD, 429, OUT_OF_POINTS).kind()).isEqualTo(Kind.RATE_LIMITED);
        assertThat(StatusClassifier.classify(Call.FILE_UPLOAD, 400, OUT_OF_POINTS).kind()).isEqualTo(Kind.USER_ERROR);
    }

    @Test
    void aRefusedUploadIsWordedAsTheUploadsWithItsOwnCodeAndTheKeyRemoved() {
        String key = "poe-secret-key-0123456789";
        PoeException failure = PoeFailures.rejected(Call.FILE_UPLOAD,
                new PoeRejection(400, "{\"detail\": \"bad file for " + key + "\"}", Duration.ofSeconds(3)),
                KeyScrubber.of(List.of(key)), MAPPER);
        assertThat(failure.getMessage()).isEqualTo("Poe refused the file (upload, HTTP 400): bad file for [redacted]");
        assertThat(failure.code()).isEqualTo("invalid_file");
        assertThat(failure.bot()).isEqualTo("file upload");
        assertThat(failure.retryAfter()).isEmpty();
    }

    @Test
    void aFailedModelListNamesTheModelListAndItsStatus() {
        PoeException failure = PoeFailures.rejected(Call.MODEL_LIST, new PoeRejection(503, "down", null),
                KeyScrubber.of(List.of()), MAPPER);
        assertThat(failure.getMessage()).isEqualTo("Poe's model list failed (model list, HTTP 503): down");
        assertThat(failure.kind()).isEqualTo(Kind.UPSTREAM);
        assertThat(failure.retryable()).isTrue();
    }

    @Test
    void theKeyCheckKnowsOnlyARefusedKeyAndARateLimitEverythingElseIsPoeFailingToSay() {
        assertThat(StatusClassifier.classify(Call.KEY_CHECK, 401, ErrorBody.NONE).kind()).isEqualTo(Kind.AUTHENTICATION);
        assertThat(StatusClassifier.classify(Call.KEY_CHECK, 403, ErrorBody.NONE).kind()).isEqualTo(Kind.AUTHENTICATION);
        assertThat(StatusClassifier.classify(Call.KEY_CHECK, 429, OUT_OF_POINTS).kind()).isEqualTo(Kind.RATE_LIMITED);
        for (int status : new int[] { 200, 302, 400, 402, 404, 408, 413, 422, 500, 503 }) {
            assertThat(StatusClassifier.classify(Call.KEY_CHECK, status, OUT_OF_POINTS).kind()).as("HTTP " + status)
                    .isEqualTo(Kind.UPSTREAM);
        }
        PoeException refused = PoeFailures.rejected(Call.KEY_CHECK, new PoeRejection(401, "no", null),
                KeyScrubber.of(List.of()), MAPPER);
        assertThat(refused.getMessage()).isEqualTo("Poe rejected the API key (key check, HTTP 401): no");
        assertThat(refused.code()).isEqualTo("invalid_api_key");
    }

    @Test
    void retryAfterIsReadInSecondsOrFromPoesRateLimitHeader() {
        assertThat(RetryAfter.parse("7", null)).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse(null, "1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(RetryAfter.parse("soon", null)).isNull();
    }
}
