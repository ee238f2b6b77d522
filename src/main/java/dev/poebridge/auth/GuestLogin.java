package dev.poebridge.auth;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.poebridge.config.AuthConfig;
import dev.poebridge.config.GuestConfig;
import dev.poebridge.error.ApiException;
import dev.poebridge.store.UsageCounters;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * A guest login: 501 when guest login is off; a 429 when the client address has logged in
 * {@code auth.guest.logins-per-hour} times this hour; otherwise a new guest ({@code guest-<uuid>}) and their token.
 */
@ApplicationScoped
public class GuestLogin {

    /** What a login answers, as Jan reads it ({@code refresh_token} is not issued: a guest logs in again). */
    @RegisterForReflection
    public record Token(@JsonProperty("access_token") String accessToken, @JsonProperty("token_type") String tokenType,
            @JsonProperty("expires_in") long expiresIn, @JsonProperty("user_id") String userId) {
    }

    private final GuestConfig config;
    private final GuestTokens tokens;
    private final UsageCounters counters;

    GuestLogin(AuthConfig auth, GuestTokens tokens, UsageCounters counters) {
        this.config = auth.guest();
        this.tokens = tokens;
        this.counters = counters;
    }

    /** A new guest for a client at {@code address} (as Vert.x reports it, so proxies count only when configured). */
    public Uni<Token> login(String address) {
        if (!config.enabled()) {
            return Uni.createFrom().failure(ApiException.notImplemented("guest_login_disabled",
                    "Guest login is disabled on this bridge (AUTH_GUEST_ENABLED=false); use an API key."));
        }
        long now = System.currentTimeMillis();
        UsageCounters.Add login = new UsageCounters.Add("address:" + address, "logins",
                GuestGate.windowStart(now, GuestGate.HOUR), 1);
        return counters.add(List.of(login), (add, used) -> {
            if (used > config.loginsPerHour()) {
                throw GuestGate.overLimit("guest_login_limit", "This address may log in as a guest "
                        + config.loginsPerHour() + " times per hour.", add.windowStart() + GuestGate.HOUR, now);
            }
        }).map(ignored -> {
            String userId = "guest-" + UUID.randomUUID();
            return new Token(tokens.issue(userId, Instant.ofEpochMilli(now)), "Bearer",
                    config.tokenLifetime().toSeconds(), userId);
        });
    }
}
