package dev.poebridge.playground;

import static dev.poebridge.testsupport.BridgeCalls.KEY;
import static dev.poebridge.testsupport.BridgeCalls.generateImage;
import static dev.poebridge.testsupport.PlaygroundPoe.IMAGE_BOT;
import static dev.poebridge.testsupport.PlaygroundPoe.SLOW_BOT;
import static dev.poebridge.testsupport.PlaygroundPoe.TYPING_BOT;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import dev.poebridge.testsupport.HeadlessChromium;
import dev.poebridge.testsupport.HeadlessChromium.Window;
import dev.poebridge.testsupport.PlaygroundPoe;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The playground page at {@code /}, driven in a real headless Chromium against the bridge and a Poe stand-in whose
 * bots the test paces ({@link PlaygroundPoe}). Elements are found by accessible name, as a screen reader finds them.
 * With {@code -Dplayground.screenshots=docs} the desktop and narrow screenshots for the README are written there.
 */
@QuarkusTest
@TestProfile(PlaygroundProfile.class)
class PlaygroundPageTest {

    private static final String SCREENSHOTS = System.getProperty("playground.screenshots");

    private static HeadlessChromium browser;

    @TestHTTPResource("/")
    URL page;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(Window.DESKTOP);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void openThePage() {
        browser.open(page.toString());
        browser.type("API key", KEY);
    }

    @Test
    void generateShowsTheBotsImageWithTheSameAltAsThePromptAndADownloadLink() {
        String prompt = "a cat on a windowsill";
        generate(browser, IMAGE_BOT, prompt);

        WebElement image = browser.waitUntil("the generated image is shown", driver -> imageFor(prompt));
        assertThat(image.getAttribute("src")).isEqualTo(PlaygroundPoe.instance().imageUrl());
        browser.waitUntil("the image has loaded", driver -> browser.script(
                "return arguments[0].complete && arguments[0].naturalWidth > 0", image).equals(Boolean.TRUE));
        assertThat(browser.driver().findElements(By.cssSelector("a[download]"))).as("download links").isNotEmpty();
        assertThat(browser.consoleErrors()).isEmpty();
        screenshot(browser, "playground-desktop.png");
    }

    @Test
    void cancelAbortsTheRequestAndTheBridgeClosesThePoeCall() throws Exception {
        PlaygroundPoe poe = PlaygroundPoe.instance();
        poe.resetSlowBot();
        String prompt = "a very slow cat";
        generate(browser, SLOW_BOT, prompt);

        assertThat(poe.awaitSlowBotOpened(10)).as("the bridge called Poe").isTrue();
        browser.waitUntil("the progress shows elapsed seconds",
                driver -> browser.role("status").getText().matches("(?s).*\\d.*"));
        browser.button("Cancel").click();

        // The bot would ping for two minutes: only the page's abort, passed on by the bridge, closes the call now.
        assertThat(poe.awaitSlowBotClosed(5)).as("the Poe connection was closed after Cancel").isTrue();
        assertThat(imageFor(prompt)).as("no result after Cancel").isNull();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void anErrorShowsTheOpenAiErrorMessageInThePage() {
        String message = generateImage("{\"prompt\": \"a cat\", \"model\": \"No-Such-Bot\"}").statusCode(404)
                .extract().path("error.message");
        generate(browser, "No-Such-Bot", "a cat");

        browser.waitUntil("the error is shown", driver -> browser.role("alert").getText().contains(message));
        assertThat(imageFor("a cat")).isNull();
        // The browser itself logs the failed request; nothing else may reach the console.
        assertThat(browser.consoleErrors()).allSatisfy(error -> assertThat(error)
                .contains("/v1/images/generations").contains("404"));
    }

    @Test
    void aStreamedChatShowsTheTextAsItArrivesInOrder() {
        PlaygroundPoe poe = PlaygroundPoe.instance();
        poe.resetTypingBot();
        browser.type("Model", TYPING_BOT);
        browser.type("Message", "Tell me a story");
        browser.button("Send").click();

        List<String> parts = List.of("Once upon", " a time,", " a cat.");
        String shown = "";
        for (int i = 0; i < parts.size(); i++) {
            poe.type(parts.get(i));
            String expected = shown + parts.get(i);
            browser.waitUntil("the chat shows \"" + expected + "\"", driver -> chatLog().contains(expected));
            if (i + 1 < parts.size()) {
                assertThat(chatLog()).as("nothing of what Poe has not sent yet").doesNotContain(parts.get(i + 1).strip());
            }
            shown = expected;
        }
        poe.finishTyping();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void worksOnANarrowPhoneScreenWithoutScrollingSideways() {
        try (HeadlessChromium phone = HeadlessChromium.start(Window.NARROW)) {
            phone.open(page.toString());
            phone.type("API key", KEY);
            String prompt = "a cat on a phone";
            generate(phone, IMAGE_BOT, prompt);
            phone.waitUntil("the generated image is shown", driver -> driver.findElements(By.tagName("img")).stream()
                    .anyMatch(image -> prompt.equals(image.getAttribute("alt"))));

            Number scrollWidth = (Number) phone.script("return document.documentElement.scrollWidth");
            assertThat(scrollWidth.intValue()).as("the page's width at 375 px").isLessThanOrEqualTo(Window.NARROW.width);
            assertThat(phone.consoleErrors()).isEmpty();
            screenshot(phone, "playground-narrow.png");
        }
    }

    private static void generate(HeadlessChromium in, String model, String prompt) {
        in.type("Model", model);
        in.type("Prompt", prompt);
        in.button("Generate").click();
    }

    private static WebElement imageFor(String prompt) {
        return browser.driver().findElements(By.tagName("img")).stream()
                .filter(image -> prompt.equals(image.getAttribute("alt"))).findFirst().orElse(null);
    }

    private static String chatLog() {
        return browser.role("log").getText();
    }

    private static void screenshot(HeadlessChromium in, String name) {
        if (SCREENSHOTS != null) {
            in.screenshot(Path.of(SCREENSHOTS, name));
        }
    }
}
