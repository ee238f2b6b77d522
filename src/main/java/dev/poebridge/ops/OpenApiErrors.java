package dev.poebridge.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Adds the errors each endpoint can answer to the OpenAPI document, in one place rather than as a dozen annotations
 * per method: every error has OpenAI's shape ({@code ErrorResponse}), and the statuses are the ones
 * {@code ErrorMapper} writes. Runs at build time: the document it completes is fixed by the code, and a filter that
 * runs at start costs every start the document's parsing and writing.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class OpenApiErrors implements OASFilter {

    private static final Map<String, String> MEANING = new LinkedHashMap<>();

    static {
        MEANING.put("400", "Invalid input; `param` names the field");
        MEANING.put("401", "Missing or wrong key, or Poe rejected the key");
        MEANING.put("402", "The Poe account is out of points");
        MEANING.put("403", "Poe refused the request for this account");
        MEANING.put("404", "Unknown bot (`model_not_found`)");
        MEANING.put("413", "A file or the request body is too large");
        MEANING.put("429", "Poe rate-limited the key (`Retry-After` passed on)");
        MEANING.put("501", "Image generation is disabled");
        MEANING.put("502", "Poe or the bot failed; the message names the bot");
        MEANING.put("503", "The bridge is at its limit of Poe calls or streams (`Retry-After`)");
        MEANING.put("504", "Poe went silent or did not finish in time");
    }

    /** Where a conversation call's errors mean something else: it queries no bot, and Poe only checks the key. */
    private static final Map<String, String> CONVERSATION_MEANING = Map.of(
            "401", "Missing or wrong key, or Poe rejected the caller's own key (checked before anything is stored)",
            "404", "Unknown conversation or item, or another caller's (`not_found`)",
            "429", "Poe rate-limited the key check (`Retry-After` passed on), or a guest is over their requests per minute",
            "502", "Poe could not verify the caller's own key",
            "503", "The database did not answer in time (`database_unavailable`, `Retry-After`)");

    private static final List<String> CONVERSATION_CALLS = List.of("400", "401", "404", "429", "502", "503");

    /** The guest login asks neither Poe nor a key: it is refused only when off or asked too often. */
    private static final Map<String, String> GUEST_LOGIN_MEANING = Map.of(
            "429", "Too many guest logins from this client address this hour (`guest_login_limit`, `Retry-After`)",
            "501", "Guest login is off (`AUTH_GUEST_ENABLED`)");

    private static final List<String> POE_CALLS = List.of("400", "401", "402", "403", "404", "413", "429", "502", "503", "504");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema("ErrorResponse", errorSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/v1/conversations") && item.getOperations() != null) {
                item.getOperations().values().forEach(op -> addErrors(op, CONVERSATION_CALLS, CONVERSATION_MEANING));
                return;
            }
            if (path.endsWith("/auth/guest-login") && item.getOperations() != null) {
                item.getOperations().values().forEach(op -> addErrors(op, List.of("429", "501"), GUEST_LOGIN_MEANING));
                return;
            }
            List<String> statuses = path.startsWith("/v1/images") ? with501(POE_CALLS)
                    : path.startsWith("/v1/chat") || path.startsWith("/v1/completions") ? POE_CALLS
                    : path.startsWith("/v1/models/") ? List.of("404")
                    : List.of();
            if (!statuses.isEmpty() && item.getOperations() != null) {
                item.getOperations().values().forEach(op -> addErrors(op, statuses, Map.of()));
            }
        });
    }

    private static List<String> with501(List<String> statuses) {
        return java.util.stream.Stream.concat(statuses.stream(), java.util.stream.Stream.of("501")).sorted().toList();
    }

    private static void addErrors(Operation operation, List<String> statuses, Map<String, String> ownMeaning) {
        APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
        for (String status : statuses) {
            if (responses.getAPIResponse(status) == null) {
                responses.addAPIResponse(status, OASFactory.createAPIResponse().description(ownMeaning.getOrDefault(status, MEANING.get(status)))
                        .content(OASFactory.createContent().addMediaType("application/json", OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().ref("#/components/schemas/ErrorResponse")))));
            }
        }
        operation.setResponses(responses);
    }

    private static Schema errorSchema() {
        Schema text = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema nullableText = OASFactory.createSchema().addType(Schema.SchemaType.STRING).addType(Schema.SchemaType.NULL);
        Schema detail = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("message", text).addProperty("type", text)
                .addProperty("param", nullableText).addProperty("code", nullableText)
                .required(List.of("message", "type", "param", "code"));
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("OpenAI's error body").addProperty("error", detail).required(List.of("error"));
    }
}
