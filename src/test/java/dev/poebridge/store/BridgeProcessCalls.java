package dev.poebridge.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plain HTTP calls to a bridge running as a process of its own, answers read as JSON. */
final class BridgeProcessCalls {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private BridgeProcessCalls() {
    }

    record Answer(int status, JsonNode body) {
    }

    static Answer post(URI base, String path, String key, String json) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), key);
    }

    static Answer get(URI base, String path, String key) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), key);
    }

    static Answer delete(URI base, String path, String key) {
        return send(HttpRequest.newBuilder(base.resolve(path)).DELETE(), key);
    }

    private static Answer send(HttpRequest.Builder request, String key) {
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
