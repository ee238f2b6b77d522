package dev.poebridge.testsupport;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A streamed reply as an SSE client sees it: the {@code data} of each event, and the comments. */
public record SseReply(List<String> data, int comments) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public static SseReply parse(String body) {
        List<String> data = new ArrayList<>();
        int comments = 0;
        for (String frame : body.split("\n\n")) {
            StringBuilder joined = null;
            for (String line : frame.split("\n")) {
                if (line.startsWith(":")) {
                    comments++;
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
                    joined = joined == null ? new StringBuilder(value) : joined.append('\n').append(value);
                }
            }
            if (joined != null) {
                data.add(joined.toString());
            }
        }
        return new SseReply(data, comments);
    }

    /** Every data event but {@code [DONE]}, as JSON. */
    public List<JsonNode> json() {
        List<JsonNode> out = new ArrayList<>();
        for (String d : data) {
            if (!d.equals("[DONE]")) {
                try {
                    out.add(MAPPER.readTree(d));
                } catch (Exception e) {
                    throw new AssertionError("not JSON: " + d, e);
                }
            }
        }
        return out;
    }

    /** The content deltas of chat chunks (or the text of completion chunks), joined. */
    public String content() {
        StringBuilder out = new StringBuilder();
        for (JsonNode chunk : json()) {
            for (JsonNode choice : chunk.path("choices")) {
                JsonNode text = choice.has("delta") ? choice.path("delta").path("content") : choice.path("text");
                if (text.isTextual()) {
                    out.append(text.textValue());
                }
            }
        }
        return out.toString();
    }

    public boolean endsWithDone() {
        return !data.isEmpty() && data.get(data.size() - 1).equals("[DONE]");
    }
}
