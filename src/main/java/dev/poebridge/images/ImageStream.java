package dev.poebridge.images;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.error.ErrorMapper;
import dev.poebridge.files.ImageHeader;
import dev.poebridge.openai.ImageStreamEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

/**
 * A streamed image answer in OpenAI's event format. A bot's last image is its answer; the images it sends before it
 * (drafts, for the bots that send them) are partial images, as many as {@code partial_images} allows, the earliest
 * first. An image is known to be the last only when the bot's reply ends, so each one waits for the next before it is
 * sent. Each image is fetched (as for {@code b64_json}) and sent whole in one event. A failure after the first event
 * is an {@code error} event holding the OpenAI error, which ends the stream; there is no {@code [DONE]}, as OpenAI
 * sends none here.
 */
final class ImageStream {

    /** An image to send: a partial image ({@code partialIndex} from 0) or the bot's answer ({@code partialIndex} -1). */
    record Event(int partialIndex, byte[] bytes) {

        boolean partial() {
            return partialIndex >= 0;
        }
    }

    private record Step(String url, int partialIndex) {
    }

    private ImageStream() {
    }

    /** The events of one bot reply, given the URLs of its images in order and how to fetch an image's bytes. */
    static Multi<Event> of(Multi<String> urls, int partialImages, Function<String, Uni<byte[]>> fetch) {
        return Multi.createFrom().deferred(() -> {
            AtomicReference<String> last = new AtomicReference<>();
            AtomicInteger partials = new AtomicInteger();
            Multi<Step> earlier = urls.onItem().transformToIterable(url -> {
                String previous = last.getAndSet(url);
                return previous != null && partials.get() < partialImages
                        ? List.of(new Step(previous, partials.getAndIncrement()))
                        : List.<Step> of();
            });
            Multi<Step> answer = Multi.createFrom().item(() -> new Step(last.get(), -1));
            return Multi.createBy().concatenating().streams(earlier, answer)
                    .onItem().transformToUniAndConcatenate(step -> fetch.apply(step.url())
                            .map(bytes -> new Event(step.partialIndex(), bytes)));
        });
    }

    /** The frames of {@code events}: one per image, or the error that ended them. */
    static Multi<Buffer> frames(Multi<Event> events, ImageStreaming streaming, ObjectMapper mapper) {
        return events.map(event -> {
            String type = streaming.events() + (event.partial() ? ".partial_image" : ".completed");
            return frame(type, describe(type, event, streaming), mapper);
        }).onFailure().recoverWithItem(failure -> frame("error", ErrorMapper.describe(failure).body(), mapper));
    }

    /**
     * The image as OpenAI describes it. Size and format come from the image's header, with OpenAI's values only
     * ({@link ImageFacts}): a size OpenAI has no value for is {@code auto}, as is the background, which Poe's bots
     * choose themselves.
     */
    private static ImageStreamEvent describe(String type, Event event, ImageStreaming streaming) {
        ImageHeader header = ImageHeader.of(event.bytes());
        return new ImageStreamEvent(type, event.bytes(), Instant.now().getEpochSecond(),
                header.size().filter(ImageFacts.OPENAI_SIZES::contains).orElse("auto"), streaming.quality(), "auto",
                header.outputFormat().orElse(null), event.partial() ? event.partialIndex() : null,
                event.partial() ? null : ImageStreamEvent.Usage.NONE);
    }

    private static Buffer frame(String type, Object data, ObjectMapper mapper) {
        try {
            return Buffer.buffer(("event: " + type + "\ndata: ").getBytes(StandardCharsets.UTF_8))
                    .appendBytes(mapper.writeValueAsBytes(data)).appendString("\n\n");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + data.getClass().getSimpleName(), e);
        }
    }
}
