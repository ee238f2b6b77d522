package dev.poebridge.images;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.poebridge.files.ImageHeader;
import dev.poebridge.openai.ImagesResponse;

/**
 * The top-level {@code output_format} and {@code size} that GPT-image clients read, from the headers of the images
 * whose bytes the bridge fetched ({@link ImageHeader}). OpenAI states them once for all images; here each is written
 * only when every fetched image agrees on it, so an answer never claims a format or size one of its images lacks.
 * Both are written only with values OpenAI's schema allows, since clients that validate answers refuse the whole
 * answer for one unknown value: a GIF has no {@code output_format}, and {@code size} is written only when it is one of
 * {@link #OPENAI_SIZES} (an unreadable header has none either).
 */
final class ImageFacts {

    /** The sizes OpenAI's {@code ImagesResponse} schema allows. */
    static final Set<String> OPENAI_SIZES = Set.of("1024x1024", "1024x1536", "1536x1024");

    private ImageFacts() {
    }

    static ImagesResponse response(long created, List<ImagesResponse.Image> images) {
        List<ImageHeader> headers = images.stream().filter(image -> image.b64Json() != null)
                .map(image -> ImageHeader.of(image.b64Json())).toList();
        if (headers.isEmpty() || headers.size() < images.size()) {
            // Facts about some of the images would be read as facts about all of them.
            return new ImagesResponse(created, images);
        }
        return new ImagesResponse(created, images, shared(headers, ImageHeader::outputFormat),
                shared(headers, header -> header.size().filter(OPENAI_SIZES::contains)));
    }

    private static String shared(List<ImageHeader> headers, Function<ImageHeader, Optional<String>> fact) {
        Set<Optional<String>> values = headers.stream().map(fact).collect(Collectors.toSet());
        return values.size() == 1 ? values.iterator().next().orElse(null) : null;
    }
}
