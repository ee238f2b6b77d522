package dev.poebridge.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.poebridge.config.AuthConfig;
import dev.poebridge.poe.PoeClient;
import io.smallrye.mutiny.Uni;

/**
 * Who may keep data in the bridge's database without Poe having seen their key. In pass-through mode any bearer
 * string is taken for a Poe key, and the Conversations API never calls Poe: without this check anyone who can reach
 * the bridge could store without limit under made-up keys. So a pass-through key is shown to Poe once (its balance
 * call) and, accepted, remembered by its owner hash for {@code auth.key-check-ttl}. Bridge keys (the bridge knows
 * them) and verified guest tokens need no check. Image and chat calls need none either: Poe refuses a bad key there
 * before anything is stored.
 */
@ApplicationScoped
public class KeyCheck {

    /** Enough for every caller of a busy bridge; beyond it the oldest verified key is forgotten (and checked again). */
    static final int MAX_REMEMBERED = 10_000;

    private final CallerKeys keys;
    private final PoeClient poe;
    private final long ttlNanos;
    /** Owner hash to the {@link System#nanoTime()} its key is taken as valid until, oldest first. */
    private final Map<String, Long> verified = new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };
    private final GuestGate guests;
    /** Checks under way, so that concurrent calls with one new key make one Poe call. */
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    KeyCheck(CallerKeys keys, PoeClient poe, AuthConfig config, GuestGate guests) {
        this.keys = keys;
        this.guests = guests;
        this.poe = poe;
        this.ttlNanos = config.keyCheckTtl().toNanos();
    }

    /**
     * The caller this {@code Authorization} header names, once their key is known to be good: at once for a guest or
     * a bridge key (a guest's call counts against their requests per minute); for a caller's own Poe key, when Poe
     * has accepted it (lately, or now). Fails with a 401 for a key the bridge or Poe refuses, with Poe's failure (429,
     * 502) when Poe cannot say, and with a 429 for a guest over their limit.
     */
    public Uni<Caller> verified(String authorization) {
        Caller caller = keys.caller(authorization);
        if (caller.guest()) {
            return guests.admitRequest(caller).replaceWith(caller);
        }
        if (keys.serverHeld() || isRemembered(caller.owner())) {
            return Uni.createFrom().item(caller);
        }
        return Uni.createFrom().completionStage(check(caller)).replaceWith(caller);
    }

    /**
     * The check of this caller's key: the one under way, or a new one. It runs to its end even when the callers
     * waiting for it go away, so that its answer is remembered for the next call rather than asked for again.
     */
    private CompletableFuture<Void> check(Caller caller) {
        String owner = caller.owner();
        CompletableFuture<Void> check = new CompletableFuture<>();
        CompletableFuture<Void> running = inFlight.putIfAbsent(owner, check);
        if (running != null) {
            return running;
        }
        poe.checkKey(caller.poeKey()).subscribe().with(ok -> {
            remember(owner);
            inFlight.remove(owner, check);
            check.complete(null);
        }, failure -> {
            inFlight.remove(owner, check);
            check.completeExceptionally(failure);
        });
        return check;
    }

    private synchronized boolean isRemembered(String owner) {
        Long until = verified.get(owner);
        if (until != null && until - System.nanoTime() < 0) {
            verified.remove(owner);
            return false;
        }
        return until != null;
    }

    private synchronized void remember(String owner) {
        // Removed first so that a renewed key counts as the newest, not as the oldest to evict.
        verified.remove(owner);
        verified.put(owner, System.nanoTime() + ttlNanos);
    }
}
