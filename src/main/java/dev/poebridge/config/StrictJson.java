package dev.poebridge.config;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * The application's one {@link ObjectMapper}, used for request bodies and everything else: strict about types and
 * bounded in what it builds.
 * <ul>
 * <li><b>No coercion.</b> Jackson turns {@code "prompt": 5} into {@code "5"}, {@code "n": "2"} into 2,
 * {@code "stream": "true"} into true and {@code "n": 2.7} into 2 by default. OpenAI refuses such values, and a
 * client that sends them has a bug it should hear about, so each is a 400 naming the field. Integers are still
 * accepted where a number is expected ({@code "temperature": 1}), as JSON has no other way to write 1.0.</li>
 * <li><b>Bounded parsing.</b> A document longer than {@code limits.max-json-body-size} (whether or not it announced its
 * length), a string longer than that, nesting deeper than {@value #MAX_NESTING_DEPTH} or more than
 * {@value #MAX_TOKENS} tokens is refused while it is read, so neither a deep nest nor millions of tiny values
 * ({@code [{},{},...]}, each a tree node in a {@code JsonNode} field) can exhaust the stack or the heap.</li>
 * </ul>
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    /** OpenAI requests nest about six deep; tool schemas a little deeper. */
    static final int MAX_NESTING_DEPTH = 100;
    /**
     * Far above any real request (a long conversation, or 128 tool schemas, is some ten thousand tokens), and low
     * enough that the smallest tokens ({@code {}} or {@code []}, a tree node each) stay a few tens of megabytes.
     */
    static final int MAX_TOKENS = 500_000;

    private final long maxDocumentBytes;

    StrictJson(LimitsConfig limits) {
        this.maxDocumentBytes = limits.maxJsonBodySize().asLongValue();
    }

    @Override
    public void customize(ObjectMapper mapper) {
        int maxString = (int) Math.min(Integer.MAX_VALUE, maxDocumentBytes);
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxDocumentLength(maxDocumentBytes)
                .maxStringLength(maxString)
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxTokenCount(MAX_TOKENS)
                .build());
        // Strings, numbers and booleans from one another; a float for an integer.
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
        // Numbers and booleans into text fields are not "scalar coercion" to Jackson, so they are refused apart.
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        // "" is not a missing number, boolean or object either.
        mapper.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }
}
