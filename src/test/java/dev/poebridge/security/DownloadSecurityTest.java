package dev.poebridge.security;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.BridgeCalls.generateImage;
import static dev.poebridge.testsupport.PoeStandIn.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.poebridge.testsupport.PoeStandIn;
import dev.poebridge.testsupport.PoeStandInResource;
import dev.poebridge.testsupport.PoeStandInResource.InjectPoeStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * SSRF through {@code b64_json}: a bot that echoes its prompt names whatever URL the caller asks for, so with the
 * address rule on (the default; the other tests lift it because their stand-in serves files from 127.0.0.1) no
 * spelling of a local or private address is fetched, whether the bot sends it as a file or writes it in its text.
 */
@QuarkusTest
@WithTestResource(DownloadSecurityTest.StandInWithAddressRuleOn.class)
class DownloadSecurityTest {

    /** The usual stand-in, without the exemption from the address rule that the other tests need. */
    public static class StandInWithAddressRuleOn extends PoeStandInResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            config.put("images.download.allow-private-networks", "false");
            return config;
        }
    }

    @InjectPoeStandIn
    PoeStandIn poe;

    @AfterEach
    void resetPoe() {
        poe.reset();
    }

    @ParameterizedTest
    @ValueSource(strings = { "http://127.0.0.1:%d/files/cat.png", "http://localhost:%d/files/cat.png",
            "http://2130706433:%d/files/cat.png", "http://127.1:%d/files/cat.png", "http://0.0.0.0:%d/files/cat.png",
            "http://0:%d/files/cat.png", "http://[::1]:%d/files/cat.png", "http://[::ffff:127.0.0.1]:%d/files/cat.png",
            "http://[::ffff:7f00:1]:%d/files/cat.png", "http://[0:0:0:0:0:0:0:1]:%d/files/cat.png",
            "http://169.254.169.254/latest/meta-data/", "http://10.0.0.5/", "http://172.16.3.4/", "http://192.168.1.1/",
            "http://100.64.1.1/", "http://[fd00::5]/", "http://[fe80::1]/", "https://127.0.0.1:%d/files/cat.png" })
    void aFileEventNamingALocalOrPrivateAddressIsNeverFetched(String spelling) {
        String url = spelling.formatted(poe.wireMock().port());
        poe.bot("Echo-Bot", sse("""
                event: file
                data: {"url": "%s", "content_type": "image/png", "name": "x.png"}

                event: done
                data: {}

                """.formatted(url)));
        assertOpenAiError(generateImage("""
                {"prompt": "%s", "model": "Echo-Bot", "response_format": "b64_json"}""".formatted(url)),
                502, "api_error", "image_download_failed")
                .body("error.message", containsString("Echo-Bot")); // "127.1" is not even a valid URL host
        assertThat(poe.wireMock().findAll(getRequestedFor(anyUrl()))).as("requests the bridge made for " + url).isEmpty();
    }

    @Test
    void aUrlTheBotWritesInItsTextIsHeldToTheSameRule() {
        String url = "http://127.0.0.1:" + poe.wireMock().port() + "/files/cat.png";
        poe.bot("Echo-Bot", sse("""
                event: text
                data: {"text": "Here it is: %s"}

                event: done
                data: {}

                """.formatted(url)));
        assertOpenAiError(generateImage("""
                {"prompt": "say %s", "model": "Echo-Bot", "response_format": "b64_json"}""".formatted(url)),
                502, "api_error", "image_download_failed")
                .body("error.message", allOf(containsString("Echo-Bot"), containsString("private, local or reserved")));
        assertThat(poe.wireMock().findAll(getRequestedFor(anyUrl()))).isEmpty();
    }

    @Test
    void withUrlResponsesTheBridgeFetchesNothingAndReturnsTheLinkAsTheBotGaveIt() {
        String url = "http://127.0.0.1:" + poe.wireMock().port() + "/files/cat.png";
        poe.bot("Echo-Bot", sse("""
                event: file
                data: {"url": "%s", "content_type": "image/png", "name": "x.png"}

                event: done
                data: {}

                """.formatted(url)));
        generateImage("""
                {"prompt": "a cat", "model": "Echo-Bot"}""").statusCode(200).body("data[0].url", equalTo(url));
        assertThat(poe.wireMock().findAll(anyRequestedFor(anyUrl())).stream()
                .filter(r -> r.getUrl().startsWith("/files"))).isEmpty();
    }
}
