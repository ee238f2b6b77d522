package dev.poebridge.testsupport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

/**
 * A stand-in for Poe, on a dynamic port, following {@code shared/poe-protocol.md}: bot queries answered with
 * server-sent events, files served as a CDN would, the public model list. Its default answers are the WireMock
 * mappings under {@code src/test/resources/wiremock} (also used by the end-to-end smoke test in {@code .ci/run});
 * tests add their own stubs and {@link #reset()} afterwards.
 */
public final class PoeStandIn implements AutoCloseable {

    /** A bot listed in {@code images.bot-parameters} as taking {@code aspect} only. */
    public static final String ASPECT_ONLY_BOT = "FLUX-pro-1.1";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WireMockServer server;

    PoeStandIn() {
        server = new WireMockServer(wireMockConfig().dynamicPort().usingFilesUnderClasspath("wiremock"));
    }

    void start() {
        server.start();
    }

    void stop() {
        server.stop();
    }

    /** A started stand-in for tests that run the bridge as a process of their own ({@link PackagedBridge}). */
    public static PoeStandIn started() {
        PoeStandIn standIn = new PoeStandIn();
        standIn.start();
        return standIn;
    }

    @Override
    public void close() {
        stop();
    }

    public WireMockServer wireMock() {
        return server;
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** Back to the default mappings, with an empty request journal. */
    public void reset() {
        server.resetAll();
        server.resetToDefaultMappings();
    }

    /** The bot answers 200 with this SSE body. */
    public void bot(String bot, String sseBody) {
        bot(bot, sse(sseBody));
    }

    /** The bot answers with this response. */
    public void bot(String bot, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlPathEqualTo("/bot/" + bot)).willReturn(response));
    }

    /** A 200 event-stream response with this body. */
    public static ResponseDefinitionBuilder sse(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
    }

    /** An SSE body holding one {@code error} event with this data, then {@code done}, as library bots send it. */
    public static String errorEvent(String json) {
        return "event: error\ndata: " + json + "\n\nevent: done\ndata: {}\n\n";
    }

    /** A fixture from {@code src/test/resources/poe-sse}, with {@code {{base}}} replaced by this stand-in's URL. */
    public String fixture(String name) {
        try (InputStream in = PoeStandIn.class.getResourceAsStream("/poe-sse/" + name + ".sse")) {
            if (in == null) {
                throw new IllegalArgumentException("no SSE fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{base}}", baseUrl());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes the stand-in serves at {@code /files/<name>}. */
    public static byte[] file(String name) {
        try (InputStream in = PoeStandIn.class.getResourceAsStream("/wiremock/__files/files/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RequestPatternBuilder queryTo(String bot) {
        return postRequestedFor(urlPathEqualTo("/bot/" + bot));
    }

    /**
     * Every request that spends or sends something: bot queries, uploads, downloads; not the bridge's reads of the
     * public model list or of a key's balance (a key check), which another test's call may leave landing in any test.
     */
    public List<LoggedRequest> callsBeyondTheModelList() {
        return server.getAllServeEvents().stream().map(event -> event.getRequest())
                .filter(request -> !request.getUrl().startsWith("/v1/models")
                        && !request.getUrl().startsWith("/usage/current_balance")).toList();
    }

    public int queriesTo(String bot) {
        return server.findAll(queryTo(bot)).size();
    }

    /** The body of the latest query to this bot, parsed. */
    public JsonNode lastQueryTo(String bot) {
        List<LoggedRequest> queries = server.findAll(queryTo(bot));
        if (queries.isEmpty()) {
            throw new AssertionError("no query to " + bot);
        }
        try {
            return JSON.readTree(queries.get(queries.size() - 1).getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Poe's URLs; since the stand-in serves its files from 127.0.0.1, downloads from private addresses allowed; and
     * {@value #ASPECT_ONLY_BOT}, a bot that takes only an {@code aspect} parameter (quoted: its name holds a dot).
     */
    Map<String, String> config() {
        return Map.of("poe.base-url", baseUrl(), "poe.upload-url", baseUrl() + "/upload",
                "images.download.allow-private-networks", "true",
                "images.bot-parameters.\"" + ASPECT_ONLY_BOT + "\"", "aspect");
    }
}
