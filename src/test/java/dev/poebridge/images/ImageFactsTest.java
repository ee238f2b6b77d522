package dev.poebridge.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.poebridge.openai.ImagesResponse;
import dev.poebridge.openai.ImagesResponse.Image;
import dev.poebridge.testsupport.TestImages;

/** {@link ImageFacts}: a format or size is stated only when every fetched image has it. */
class ImageFactsTest {

    static final byte[] SQUARE_PNG = TestImages.written("png", 1024, 1024);

    @Test
    void imagesThatAgreeShareTheirFormatAndSize() {
        ImagesResponse response = ImageFacts.response(1, List.of(Image.ofBytes(SQUARE_PNG), new Image("u", SQUARE_PNG)));
        assertThat(response.outputFormat()).isEqualTo("png");
        assertThat(response.size()).isEqualTo("1024x1024");
    }

    @Test
    void imagesThatDisagreeStateNeither() {
        ImagesResponse response = ImageFacts.response(1, List.of(Image.ofBytes(SQUARE_PNG),
                Image.ofBytes(TestImages.written("jpeg", 1536, 1024))));
        assertThat(response.outputFormat()).isNull();
        assertThat(response.size()).isNull();
    }

    @Test
    void aSameFormatOfAnotherSizeKeepsTheFormatOnly() {
        ImagesResponse response = ImageFacts.response(1, List.of(Image.ofBytes(SQUARE_PNG),
                Image.ofBytes(TestImages.written("png", 1536, 1024))));
        assertThat(response.outputFormat()).isEqualTo("png");
        assertThat(response.size()).isNull();
    }

    @Test
    void anAnswerWhereSomeImagesHaveNoBytesStatesNothing() {
        ImagesResponse response = ImageFacts.response(1, List.of(new Image("u", SQUARE_PNG),
                Image.ofUrl("https://cdn.example.com/unfetched.png")));
        assertThat(response.outputFormat()).isNull();
        assertThat(response.size()).isNull();
    }

    @Test
    void urlsAloneStateNothing() {
        ImagesResponse response = ImageFacts.response(1, List.of(Image.ofUrl("https://cdn.example.com/a.png")));
        assertThat(response.outputFormat()).isNull();
        assertThat(response.size()).isNull();
    }
}
