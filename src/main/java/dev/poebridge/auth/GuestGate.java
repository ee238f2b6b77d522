package dev.poebridge.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.answer.HttpReply;
import dev.poebridge.config.AuthConfig;
import dev.poebridge.config.GuestConfig;
import dev.poebridge.config.ImagesConfig;
import dev.poebridge.error.ApiException;
import dev.poebridge.store.UsageCounters;
import io.smallrye.mutiny.Uni;

/**
 * What a guest may do, checked before any Poe call: the model (403 {@code model_not_allowed}), {@code n} (400), the
 * requests per minute and the images per day (429 with {@code Retry-After}). Images are reserved before Poe is asked,
 * so concurrent requests cannot overrun the day's quota, and a failed generation is not given back; a refused request
 * uses up nothing. Callers with a key pass without a look at the database.
 */
@ApplicationScoped
public class GuestGate {

    static final long MINUTE = 60_000L;
    static final long HOUR = 3600_000L;
    static final long DAY = 24 * HOUR;

    private final GuestConfig config;
    private final List<String> models;
    private final UsageCounters counters;
    private final ObjectMapper mapper;

    GuestGate(AuthConfig auth, ImagesConfig images, UsageCounters counters, ObjectMapper mapper) {
        this.config = auth.guest();
        this.models = config.models().orElse(List.of(images.defaultBot())).stream().map(String::strip)
                .filter(model -> !model.isEmpty()).toList();
        this.counters = counters;
        this.mapper = mapper;
    }

    /**
     * The reply {@code reply} makes once {@code caller} is admitted for {@code images} images (chat and completion
     * calls count as one) of {@code model}; otherwise the refusal as an OpenAI error reply. What the endpoints call.
     */
    public Uni<HttpReply> admitted(Caller caller, String model, int images, Supplier<Uni<HttpReply>> reply) {
        if (!caller.guest()) {
            return reply.get();
        }
        return admit(caller, model, images).onItem().transformToUni(ignored -> reply.get())
                .onFailure().recoverWithItem(failure -> HttpReply.failure(failure, mapper));
    }

    /** Nothing for callers with a key; for a guest, the checks above, failing with the refusal. */
    public Uni<Void> admit(Caller caller, String model, int images) {
        if (!caller.guest()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> {
            if (models.stream().noneMatch(allowed -> allowed.toLowerCase(Locale.ROOT).equals(model.toLowerCase(Locale.ROOT)))) {
                throw new ApiException(403, "invalid_request_error", "model", "model_not_allowed", "Guests may use "
                        + String.join(", ", models) + "; '" + model + "' needs an API key.");
            }
            if (images > config.maxImagesPerRequest()) {
                throw ApiException.invalidRequest("n", "Guests may ask for at most " + config.maxImagesPerRequest()
                        + " image(s) per request; 'n' is " + images + ".");
            }
            return count(caller, images);
        });
    }

    /**
     * Nothing for callers with a key; a guest's call that asks no bot (the Conversations API) counts against their
     * requests per minute, so that guests cannot fill the database at will.
     */
    public Uni<Void> admitRequest(Caller caller) {
        return caller.guest() ? Uni.createFrom().deferred(() -> count(caller, 0)) : Uni.createFrom().voidItem();
    }

    private Uni<Void> count(Caller caller, int images) {
        long now = System.currentTimeMillis();
        List<UsageCounters.Add> adds = new ArrayList<>(2);
        adds.add(new UsageCounters.Add(caller.owner(), "requests", windowStart(now, MINUTE), 1));
        if (images > 0) {
            adds.add(new UsageCounters.Add(caller.owner(), "images", windowStart(now, DAY), images));
        }
        return counters.add(adds, (add, used) -> {
            if ("requests".equals(add.kind()) && used > config.requestsPerMinute()) {
                throw overLimit("guest_rate_limit", "Guests may make " + config.requestsPerMinute()
                        + " requests per minute.", add.windowStart() + MINUTE, now);
            }
            if ("images".equals(add.kind()) && used > config.imagesPerDay()) {
                throw overLimit("guest_daily_image_limit", "Guests may have " + config.imagesPerDay()
                        + " images per day (UTC).", add.windowStart() + DAY, now);
            }
        });
    }

    static long windowStart(long now, long length) {
        return now - Math.floorMod(now, length);
    }

    /** A 429 whose {@code Retry-After} is the seconds until the window ends (at least one). */
    static ApiException overLimit(String code, String message, long windowEnd, long now) {
        long seconds = Math.max(1, (windowEnd - now + 999) / 1000);
        return new ApiException(429, "rate_limit_error", null, code, message + " Try again in " + seconds + " s.",
                seconds);
    }
}
