package dev.poebridge.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.poebridge.testsupport.PoeStandInResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The playground page is served at {@code /} with the accessible names users, screen readers and the browser test
 * find its controls by; its script and style sheet are separate files (no inline code, so a strict CSP can apply).
 * What the page does in a browser is tested in headless Chromium by {@code .ci/run}.
 */
@QuarkusTest
@WithTestResource(PoeStandInResource.class)
class PlaygroundFilesTest {

    private static final Pattern LABEL = Pattern.compile("<label for=\"([^\"]+)\"[^>]*>([^<]+)</label>");
    private static final Pattern BUTTON = Pattern.compile("<button[^>]*>([^<]+)</button>");

    @Test
    void theRootServesThePlaygroundPage() {
        given().when().get("/")
                .then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("<script src=\"app.js\""), containsString("href=\"app.css\""));
    }

    @Test
    void everyInputIsLabelledWithTheNameTheIssueGivesIt() {
        Map<String, String> labels = labels(page());
        assertThat(labels).containsAllEntriesOf(Map.of(
                "API key", "api-key", "Model", "model", "Prompt", "prompt", "Size", "size",
                "Number of images", "count", "Images", "edit-images", "Edit prompt", "edit-prompt", "Message", "message"));
        labels.values().forEach(id -> assertThat(page()).as("the control labelled for %s", id).contains("id=\"" + id + "\""));
        assertThat(page()).contains("<input id=\"api-key\" type=\"password\"", "<input id=\"model\" list=\"model-list\"",
                "<datalist id=\"model-list\">", "type=\"file\"", "multiple", "<select id=\"size\">",
                "<input id=\"count\" type=\"number\" min=\"1\" max=\"10\"", "<input id=\"remember\" type=\"checkbox\"> Remember");
    }

    @Test
    void theButtonsAreNamedGenerateCancelEditSend() {
        Matcher buttons = BUTTON.matcher(page());
        StringBuilder names = new StringBuilder();
        while (buttons.find()) {
            names.append(buttons.group(1).strip()).append(',');
        }
        assertThat(names).hasToString("Generate,Edit,Cancel,Send,");
    }

    @Test
    void progressAndErrorsHaveLiveRegions() {
        assertThat(page()).contains("role=\"status\"", "<progress", "role=\"alert\"");
    }

    @Test
    void thePageHasNoInlineScriptOrEventHandlers() {
        String page = page();
        assertThat(page).doesNotContainPattern("<script(?![^>]*\\bsrc=)").doesNotContainPattern("\\son[a-z]+=")
                .doesNotContain("style=\"").doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void theScriptAndStyleSheetAreServedWithTheirTypes() {
        given().when().get("/app.js").then().statusCode(200).contentType(containsString("javascript"))
                .body(containsString("/v1/images/generations"));
        given().when().get("/app.css").then().statusCode(200).contentType(startsWith("text/css"));
    }

    @Test
    void theScriptNeverWritesBotTextAsMarkupNorOpensAlertBoxes() {
        String script = given().when().get("/app.js").then().statusCode(200).extract().asString();
        assertThat(script).doesNotContainPattern("\\.(innerHTML|outerHTML)\\s*=").doesNotContain("insertAdjacentHTML")
                .doesNotContain("document.write").doesNotContainPattern("\\balert\\(");
    }

    @Test
    void unknownPathsBesideThePageAreStill404InOpenAiShape() {
        given().when().get("/no-such-page.html")
                .then().statusCode(404).body("error.code", equalTo("unknown_url"));
    }

    private static String page() {
        return given().when().get("/").then().statusCode(200).extract().asString();
    }

    private static Map<String, String> labels(String page) {
        Map<String, String> byName = new LinkedHashMap<>();
        Matcher labels = LABEL.matcher(page);
        while (labels.find()) {
            byName.put(labels.group(2).strip(), labels.group(1));
        }
        return byName;
    }
}
