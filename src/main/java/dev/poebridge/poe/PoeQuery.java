package dev.poebridge.poe;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The body of a bot query ({@code QueryRequest} in Poe's protocol). Every field is sent, with the defaults the official
 * fastapi_poe client sends, because that combination is the one known to work; only {@code query},
 * {@code temperature}, {@code skip_system_prompt} and {@code stop_sequences} vary.
 */
@RegisterForReflection
public record PoeQuery(
        String version,
        String type,
        List<Message> query,
        @JsonProperty("user_id") String userId,
        @JsonProperty("conversation_id") String conversationId,
        @JsonProperty("message_id") String messageId,
        String metadata,
        @JsonProperty("api_key") String apiKey,
        @JsonProperty("access_key") String accessKey,
        Double temperature,
        @JsonProperty("skip_system_prompt") boolean skipSystemPrompt,
        @JsonProperty("logit_bias") Map<String, Double> logitBias,
        @JsonProperty("stop_sequences") List<String> stopSequences,
        @JsonProperty("language_code") String languageCode,
        @JsonProperty("adopt_current_bot_name") Boolean adoptCurrentBotName,
        @JsonProperty("bot_query_id") String botQueryId,
        List<Object> users,
        List<Object> tools,
        @JsonProperty("tool_calls") List<Object> toolCalls,
        @JsonProperty("tool_results") List<Object> toolResults,
        @JsonProperty("query_creation_time") Long queryCreationTime,
        @JsonProperty("extra_params") Map<String, Object> extraParams) {

    /**
     * A query for API-key callers. The ids stay empty, as fastapi_poe's {@code get_bot_response} sends them, and
     * {@code api_key}/{@code access_key} carry the literal placeholder because the key travels in the header.
     * {@code skip_system_prompt} is true so that bots change the caller's prompt as little as they can.
     */
    public static PoeQuery of(String version, List<Message> messages, Double temperature, List<String> stopSequences) {
        return new PoeQuery(version, "query", List.copyOf(messages), "", "", "", "", "<missing>", "<missing>",
                temperature, true, Map.of(), stopSequences == null ? List.of() : List.copyOf(stopSequences), "en",
                null, "", List.of(), null, null, null, null, null);
    }

    /** One entry of {@code query} ({@code ProtocolMessage}): role is {@code system}, {@code user} or {@code bot}. */
    @RegisterForReflection
    public record Message(
            String role,
            @JsonProperty("sender_id") String senderId,
            String content,
            @JsonProperty("content_type") String contentType,
            long timestamp,
            @JsonProperty("message_id") String messageId,
            List<Object> feedback,
            List<Attachment> attachments,
            String metadata,
            // Sent only when there are some: protocol 1.1 messages have no such field, and a bot that knows no
            // parameters is asked exactly as before.
            @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, String> parameters) {

        public static Message of(String role, String content, List<Attachment> attachments) {
            return new Message(role, null, content, "text/markdown", 0, "", List.of(),
                    attachments == null ? List.of() : List.copyOf(attachments), null, Map.of());
        }

        /**
         * This message with the bot's own settings ({@code parameters} of protocol 1.2, e.g. GPT-Image-1's
         * {@code aspect} and {@code quality}).
         */
        public Message withParameters(Map<String, String> parameters) {
            return new Message(role, senderId, content, contentType, timestamp, messageId, feedback, attachments,
                    metadata, Collections.unmodifiableMap(new LinkedHashMap<>(parameters)));
        }

        public static Message user(String content) {
            return of("user", content, List.of());
        }
    }

    /** A file given to the bot, normally one returned by Poe's upload call. */
    @RegisterForReflection
    public record Attachment(
            String url,
            @JsonProperty("content_type") String contentType,
            String name,
            @JsonProperty("parsed_content") String parsedContent) {
    }
}
