package dev.poebridge.images;

import static dev.poebridge.testsupport.BridgeCalls.assertOpenAiError;
import static dev.poebridge.testsupport.BridgeCalls.generateImage;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

@QuarkusTest
@TestProfile(ImagesDisabledTest.Disabled.class)
class ImagesDisabledTest {

    public static class Disabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("images.enabled", "false", "poe.base-url", "http://127.0.0.1:9");
        }
    }

    @Test
    void theImageEndpointsAnswer501WhenImageGenerationIsDisabled() {
        assertOpenAiError(generateImage("{\"prompt\": \"a cat\"}"), 501, "invalid_request_error", "image_generation_disabled");
    }
}
