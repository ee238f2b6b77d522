package dev.poebridge.images;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.answer.HttpReply;
import dev.poebridge.ops.ResponseHold;
import dev.poebridge.openai.ImagesResponse;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * An images response written piece by piece: the JSON around the images (an entry's {@code url} too, when it has both
 * fields), and each image's base64 in slices encoded from its bytes as the slices are sent. The next slice is made
 * only when the previous one has been written, so a client that reads slowly holds the image's bytes in the bridge,
 * but never its base64 too; and the bytes stay counted against the download budget until the last slice is out
 * ({@link ResponseHold}).
 * <p>
 * The status is settled before the first byte, as for any JSON response: a failure is its OpenAI error.
 */
final class ImagesReply {

    /** Raw bytes per slice: a multiple of 3, so that slices of base64 join without padding in between. */
    private static final int SLICE = 3 * 16 * 1024;

    /** The reply to {@code images}: every byte it holds is released when the reply ends, however it ends. */
    static Uni<HttpReply> of(Uni<ImagesResponse> images, ResponseHold hold, ObjectMapper mapper) {
        return images.map(response -> HttpReply.json(pieces(response, mapper)))
                .onFailure().recoverWithItem(failure -> HttpReply.failure(failure, mapper))
                .onCancellation().invoke(hold::release)
                .map(reply -> new HttpReply(reply.status(), reply.headers(),
                        reply.body().onTermination().invoke(hold::release)));
    }

    private static Multi<Buffer> pieces(ImagesResponse response, ObjectMapper mapper) {
        if (response.data().stream().allMatch(image -> image.b64Json() == null)) {
            // Nothing large to slice: one piece, so the response leaves in one write instead of one per piece
            return Multi.createFrom().item(() -> Buffer.buffer(json(response, mapper)));
        }
        List<Multi<Buffer>> parts = new ArrayList<>();
        parts.add(text("{\"created\":" + response.created() + ",\"data\":["));
        for (int i = 0; i < response.data().size(); i++) {
            ImagesResponse.Image image = response.data().get(i);
            String comma = i == 0 ? "" : ",";
            if (image.b64Json() == null) {
                byte[] json = json(image, mapper);
                parts.add(Multi.createFrom().item(() -> Buffer.buffer(comma.getBytes(StandardCharsets.UTF_8))
                        .appendBytes(json)));
            } else {
                String url = image.url() == null ? "" : "\"url\":" + new String(json(image.url(), mapper),
                        StandardCharsets.UTF_8) + ",";
                parts.add(text(comma + "{" + url + "\"b64_json\":\""));
                parts.add(base64(new AtomicReference<>(image.b64Json())));
                parts.add(text("\"" + field("id", image.id(), mapper) + "}"));
            }
        }
        parts.add(text("]" + field("output_format", response.outputFormat(), mapper)
                + field("size", response.size(), mapper) + "}"));
        return Multi.createBy().concatenating().streams(parts);
    }

    /**
     * The image's base64, one slice per request from the writer. The bytes are let go as soon as the last slice is
     * made: a finished reply may stay referenced by its connection for a while, and must not keep the image alive.
     */
    private static Multi<Buffer> base64(AtomicReference<byte[]> image) {
        Base64.Encoder encoder = Base64.getEncoder();
        int length = image.get().length;
        int slices = (length + SLICE - 1) / SLICE;
        return Multi.createFrom().range(0, slices).map(i -> {
            byte[] bytes = image.get();
            int from = i * SLICE;
            byte[] slice = java.util.Arrays.copyOfRange(bytes, from, Math.min(length, from + SLICE));
            if (i == slices - 1) {
                image.set(null);
            }
            return Buffer.buffer(encoder.encode(slice));
        }).onTermination().invoke(() -> image.set(null));
    }

    /** A top-level field after {@code data}, or nothing when there is no value. */
    private static String field(String name, String value, ObjectMapper mapper) {
        return value == null ? "" : ",\"" + name + "\":" + new String(json(value, mapper), StandardCharsets.UTF_8);
    }

    private static Multi<Buffer> text(String json) {
        return Multi.createFrom().item(() -> Buffer.buffer(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] json(Object value, ObjectMapper mapper) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
