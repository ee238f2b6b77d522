package dev.poebridge.error;

import java.util.concurrent.atomic.AtomicLong;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.poebridge.config.LimitsConfig;
import dev.poebridge.openai.ErrorResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * The budget of JSON request bytes taken in at once ({@code limits.json-bytes-in-flight}): parsing a body takes
 * several times its size in heap, so past the budget a request gets a fast 503 with {@code Retry-After} instead.
 */
@Singleton
class JsonBytesInFlight {

    private static final String RESERVATION = JsonBytesInFlight.class.getName() + ".reservation";

    private final long capacity;
    private final AtomicLong inFlight = new AtomicLong();
    private final String busyMessage;
    private final byte[] busyBody;

    JsonBytesInFlight(LimitsConfig limits, ObjectMapper mapper) throws JsonProcessingException {
        this.capacity = limits.jsonBytesInFlightOrDefault();
        this.busyMessage = "The bridge is taking in its maximum of " + capacity
                + " bytes of JSON request bodies at once (limits.json-bytes-in-flight); retry shortly.";
        this.busyBody = mapper.writeValueAsBytes(ErrorResponse.of(busyMessage, "api_error", null, "overloaded"));
    }

    /**
     * Gives the request {@code routing} its share, held until it is done: a body that announced {@code size} bytes
     * takes them now; a body of unknown length ({@code size < 0}) reserves nothing yet and takes its share as it is
     * read ({@link CappedStream}). False, with nothing held, when the budget has no room.
     */
    boolean admit(RoutingContext routing, long size) {
        Reservation reservation = new Reservation();
        if (size > 0 && !reservation.grow(size)) {
            return false;
        }
        routing.put(RESERVATION, reservation);
        BodyLimits.whenDone(routing.request(), reservation::release);
        return true;
    }

    /** The share {@link #admit} gave the request, or null. */
    Reservation of(RoutingContext routing) {
        return routing == null ? null : routing.get(RESERVATION);
    }

    /** The 503's body, as bytes for the route that answers before Quarkus REST runs. */
    byte[] busyBody() {
        return busyBody;
    }

    /** The 503 for a body that outgrew the budget while it was read. */
    ApiException busy() {
        return new ApiException(503, "api_error", null, "overloaded", busyMessage, 1L);
    }

    /**
     * One request's share of the budget, held until the request is done: announced bodies take their length up front,
     * bodies of unknown length grow it as they are read. A body is always taken when nothing else is in flight.
     */
    final class Reservation {
        private long held; // guarded by this

        synchronized boolean grow(long bytes) {
            while (true) {
                long current = inFlight.get();
                if (current > held && current + bytes > capacity) {
                    return false;
                }
                if (inFlight.compareAndSet(current, current + bytes)) {
                    held += bytes;
                    return true;
                }
            }
        }

        synchronized void release() {
            inFlight.addAndGet(-held);
            held = 0;
        }
    }
}
