package dev.poebridge.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.poebridge.config.AuthConfig;
import dev.poebridge.error.ApiException;
import io.quarkus.runtime.StartupEvent;

/**
 * Turns the caller's {@code Authorization} header into the Poe key to use. Pass-through is the default: the caller's
 * bearer token is their Poe key. When the server holds a Poe key ({@code POE_API_KEY}) and bridge keys are configured
 * ({@code BRIDGE_API_KEYS}), callers must present a bridge key (compared in constant time) and the server's key is
 * used; any other token is a 401. A server key without bridge keys is used for nobody but guests, so it cannot be
 * spent by anyone who finds the bridge.
 * <p>
 * With guest login on ({@code auth.guest.enabled}), a bearer token shaped like a JWT is a guest token in either mode:
 * verified ({@link GuestTokens}), it makes a guest who spends the server's key; failing, it is a 401. Every other
 * token is handled as above: in pass-through mode it is the caller's own Poe key, in server-held mode a bridge key.
 */
@ApplicationScoped
public class CallerKeys {

    private static final Logger LOG = Logger.getLogger(CallerKeys.class);

    /** Shorter bridge keys are guessable, and every occurrence of them in an answer is redacted. */
    private static final int SHORT_KEY = 16;

    private final String serverKey;
    private final List<byte[]> bridgeKeys;
    private final int shortBridgeKeys;
    private final KeyScrubber configuredKeys;
    private final GuestTokens guests;

    CallerKeys(AuthConfig config, GuestTokens guests) {
        this.guests = guests;
        List<String> keys = config.bridgeApiKeys().orElse(List.of()).stream().map(String::strip)
                .filter(k -> !k.isEmpty()).toList();
        this.bridgeKeys = keys.stream().map(k -> k.getBytes(StandardCharsets.UTF_8)).toList();
        this.serverKey = config.poeApiKey().map(String::strip).filter(k -> !k.isEmpty()).orElse(null);
        this.shortBridgeKeys = (int) keys.stream().filter(k -> k.length() < SHORT_KEY).count();
        List<String> all = new java.util.ArrayList<>(keys);
        if (serverKey != null) {
            all.add(serverKey);
        }
        this.configuredKeys = KeyScrubber.of(all);
    }

    void report(@Observes StartupEvent event) {
        if (serverHeld()) {
            LOG.infof("Callers authenticate with one of %d bridge key(s); the server's Poe key is used", bridgeKeys.size());
        } else if (serverKey != null && guests.enabled()) {
            LOG.info("POE_API_KEY is used for guests only; other callers pass their own Poe keys");
        } else if (serverKey != null) {
            LOG.warn("POE_API_KEY is set but BRIDGE_API_KEYS is not: the server key is not used; callers pass their own Poe keys");
        }
        if (shortBridgeKeys > 0) {
            LOG.warnf("%d bridge key(s) are shorter than %d characters: such keys are easy to guess, and every "
                    + "occurrence of them in a bot's answer is redacted", shortBridgeKeys, SHORT_KEY);
        }
    }

    /**
     * What removes every key in play from what Poe sends back: the server's Poe key, every bridge key (so the one
     * this caller presented too), and {@code poeKey}, the key this call spends (in pass-through mode, the caller's own).
     */
    public KeyScrubber scrubberFor(String poeKey) {
        return configuredKeys.with(poeKey);
    }

    /** What removes the configured keys (the server's Poe key and the bridge keys), for text no call's key is in. */
    public KeyScrubber configuredKeys() {
        return configuredKeys;
    }

    /** True when the server's Poe key is used for callers who present a bridge key. */
    public boolean serverHeld() {
        return serverKey != null && !bridgeKeys.isEmpty();
    }

    /** True when bridge keys are configured without a server Poe key: a setup that cannot work. */
    public boolean misconfigured() {
        return serverKey == null && !bridgeKeys.isEmpty();
    }

    /** The Poe key for this caller, or a 401. */
    public String poeKey(String authorization) {
        return caller(authorization).poeKey();
    }

    /** The caller: the Poe key they spend and the owner of their conversations, or a 401. */
    public Caller caller(String authorization) {
        String presented = BearerKey.parse(authorization);
        if (guests.enabled() && GuestTokens.looksLikeJwt(presented)) {
            return Caller.ofGuest(guests.verify(presented), serverKey);
        }
        return Caller.ofKey(presented, poeKeyFor(presented));
    }

    private String poeKeyFor(String presented) {
        if (!serverHeld()) {
            if (!bridgeKeys.isEmpty()) {
                throw ApiException.unauthorized("invalid_api_key",
                        "This bridge is misconfigured (BRIDGE_API_KEYS without POE_API_KEY) and accepts no requests.");
            }
            return presented;
        }
        byte[] candidate = presented.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : bridgeKeys) {
            match |= MessageDigest.isEqual(candidate, key); // no early exit: every key is compared
        }
        if (!match) {
            throw ApiException.unauthorized("invalid_api_key", "Incorrect API key provided: use one of this bridge's keys.");
        }
        return serverKey;
    }
}
