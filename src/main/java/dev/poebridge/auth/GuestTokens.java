package dev.poebridge.auth;

import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

import dev.poebridge.config.AuthConfig;
import dev.poebridge.config.GuestConfig;
import dev.poebridge.error.ApiException;
import dev.poebridge.store.SigningKeyStore;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

/**
 * Guest tokens: RS256 JWTs with {@code sub} = the guest's {@code user_id}, a fixed {@code iss}, {@code iat} and
 * {@code exp}. Issued with SmallRye JWT Build; checked with jose4j directly (signature with RS256 only, issuer, expiry
 * with a small clock skew), because SmallRye JWT's own authentication would answer 401 to every bearer token that is
 * not a JWT (Poe keys, bridge keys) before the bridge's filters see it. The key pair comes from
 * {@code auth.guest.private-key}/{@code public-key} or from the database ({@link SigningKeyStore}), loaded once at
 * start.
 */
@ApplicationScoped
public class GuestTokens {

    private static final Logger LOG = Logger.getLogger(GuestTokens.class);

    /** The {@code iss} of every guest token. */
    public static final String ISSUER = "poe-openai-bridge";

    /** The name of the stored pair in {@code signing_keys}. */
    static final String STORED_KEY_ID = "guest-tokens";

    private static final Pattern JWT_SHAPE = Pattern.compile("eyJ[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    private static final int CLOCK_SKEW_SECONDS = 30;

    private final GuestConfig config;
    private final boolean serverKeySet;
    private final SigningKeyStore store;
    private volatile KeyPair keys;
    private volatile JwtConsumer consumer;

    GuestTokens(AuthConfig auth, SigningKeyStore store) {
        this.config = auth.guest();
        this.serverKeySet = auth.poeApiKey().filter(key -> !key.isBlank()).isPresent();
        this.store = store;
    }

    /** Refuses to start with guests enabled and no server key or a bad guest setting, before anything else is done. */
    void check(@Observes @Priority(5) StartupEvent event) {
        check(config, serverKeySet);
    }

    /** The startup check on its own: an IllegalStateException that says what to set. */
    static void check(GuestConfig config, boolean serverKeySet) {
        if (!config.enabled()) {
            return;
        }
        if (!serverKeySet) {
            throw new IllegalStateException("auth.guest.enabled (AUTH_GUEST_ENABLED) is true but POE_API_KEY is not "
                    + "set: guests spend the server's Poe key. Set POE_API_KEY or turn guest login off.");
        }
        if (config.privateKey().isPresent() != config.publicKey().isPresent()) {
            throw new IllegalStateException("Set both auth.guest.private-key and auth.guest.public-key, or neither "
                    + "(a key pair is then generated and kept in the database).");
        }
        if (config.tokenLifetime().isNegative() || config.tokenLifetime().isZero() || config.maxImagesPerRequest() < 1
                || config.requestsPerMinute() < 1 || config.imagesPerDay() < 1 || config.loginsPerHour() < 1) {
            throw new IllegalStateException("auth.guest.token-lifetime must be positive and auth.guest.max-images-per-"
                    + "request, requests-per-minute, images-per-day and logins-per-hour at least 1.");
        }
    }

    /** Loads the key pair after the schema is migrated ({@code Database} migrates at priority 10); on the main thread. */
    void load(@Observes @Priority(20) StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        KeyPair pair;
        if (config.privateKey().isPresent()) {
            pair = RsaKeys.parse(config.privateKey().get(), config.publicKey().orElseThrow(), "auth.guest.private-key/public-key");
        } else {
            SigningKeyStore.StoredPair stored = store.loadOrCreate(STORED_KEY_ID, () -> {
                KeyPair fresh = RsaKeys.generate();
                return new SigningKeyStore.StoredPair(RsaKeys.encode(fresh.getPrivate()), RsaKeys.encode(fresh.getPublic()));
            }).await().atMost(Duration.ofMinutes(1));
            pair = RsaKeys.parse(stored.privateKey(), stored.publicKey(), "The stored guest signing key");
        }
        use(pair);
        LOG.infof("Guest login enabled: tokens valid for %s, signed with a key pair from %s", config.tokenLifetime(),
                config.privateKey().isPresent() ? "auth.guest.private-key" : "the database");
    }

    void use(KeyPair pair) {
        this.consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(CLOCK_SKEW_SECONDS)
                .setRequireSubject()
                .setExpectedIssuer(ISSUER)
                .setVerificationKey(pair.getPublic())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.RSA_USING_SHA256)
                .build();
        this.keys = pair;
    }

    /** True when guest tokens are issued and accepted. */
    public boolean enabled() {
        return config.enabled();
    }

    /** Whether a bearer token has a JWT's shape (three base64url parts, a JSON header): Poe and bridge keys do not. */
    static boolean looksLikeJwt(String token) {
        return JWT_SHAPE.matcher(token).matches();
    }

    /** A token for this guest, valid for {@code auth.guest.token-lifetime} from now. */
    String issue(String userId, Instant now) {
        return Jwt.issuer(ISSUER).subject(userId).issuedAt(now).expiresAt(now.plus(config.tokenLifetime()))
                .claim("guest", true).jws().algorithm(SignatureAlgorithm.RS256).sign(keys.getPrivate());
    }

    /** The guest's {@code user_id}, or a 401; the token itself never appears in a message or a log line. */
    String verify(String token) {
        try {
            JwtClaims claims = consumer.processToClaims(token);
            String subject = claims.getSubject();
            if (subject == null || !subject.startsWith("guest-")) {
                throw invalid();
            }
            return subject;
        } catch (InvalidJwtException e) {
            if (e.hasExpired()) {
                throw ApiException.unauthorized("invalid_api_key", "The guest token has expired: log in again "
                        + "(POST /auth/guest-login).");
            }
            throw invalid();
        } catch (MalformedClaimException e) {
            throw invalid();
        }
    }

    private static ApiException invalid() {
        return ApiException.unauthorized("invalid_api_key", "The guest token is not valid: log in again "
                + "(POST /auth/guest-login), or use an API key.");
    }
}
