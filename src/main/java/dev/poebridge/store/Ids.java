package dev.poebridge.store;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Unguessable ids in OpenAI's form: a type prefix ({@code conv_}, {@code msg_}, {@code ig_}) and 48 hex digits. */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String next(String prefix) {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return prefix + HexFormat.of().formatHex(bytes);
    }
}
