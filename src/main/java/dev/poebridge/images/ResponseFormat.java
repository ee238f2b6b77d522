package dev.poebridge.images;

import java.util.stream.Stream;

import dev.poebridge.error.ApiException;
import dev.poebridge.openai.ImageGenerationRequest;

/**
 * How images are returned: the bot's file URL, the file's bytes base64-encoded, or both in one entry. Both is never
 * asked for: it is what a request without {@code response_format} gets where OpenAI would answer base64 (GPT-image
 * models, and edits, which only GPT-image models still serve), so that clients reading {@code b64_json} (the Vercel
 * AI SDK, for one) and clients reading {@code url} both find their field. OpenAI's schema allows both in one entry.
 * The bytes are fetched as for {@link #B64_JSON}, but a file that cannot be fetched leaves that entry with its
 * {@code url} alone instead of failing the answer: the url alone is what such a request got before.
 */
public enum ResponseFormat {
    URL, B64_JSON, URL_AND_B64_JSON;

    /** The caller's {@code response_format}, or without one both for a generation that asks a GPT-image model. */
    static ResponseFormat forGeneration(ImageGenerationRequest request, boolean gptImageBot) {
        boolean gptImage = gptImageBot
                || Stream.of(request.outputFormat(), request.background(), request.outputCompression(),
                        request.moderation(), request.partialImages()).anyMatch(field -> field != null);
        return parse(request.responseFormat(), gptImage);
    }

    /** The caller's {@code response_format}, or both: an edit or a variation. */
    static ResponseFormat forEdit(String value) {
        return parse(value, true);
    }

    private static ResponseFormat parse(String value, boolean bothByDefault) {
        if (value == null) {
            return bothByDefault ? URL_AND_B64_JSON : URL;
        }
        if (value.equals("url")) {
            return URL;
        }
        if (value.equals("b64_json")) {
            return B64_JSON;
        }
        throw ApiException.invalidRequest("response_format",
                "Invalid value for 'response_format': '" + value + "'. Supported values are 'url' and 'b64_json'.");
    }
}
