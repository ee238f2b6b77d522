package dev.poebridge.openai;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * OpenAI's error body: {@code {"error":{"message","type","param","code"}}}. All four keys are always written;
 * {@code param} and {@code code} may be null, as in OpenAI's API.
 */
@RegisterForReflection
public record ErrorResponse(Detail error) {

    @RegisterForReflection
    public record Detail(String message, String type, String param, String code) {
    }

    public static ErrorResponse of(String message, String type, String param, String code) {
        return new ErrorResponse(new Detail(message, type, param, code));
    }
}
