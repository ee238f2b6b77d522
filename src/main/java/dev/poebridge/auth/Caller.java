package dev.poebridge.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Who is calling: the Poe key their calls spend, the owner their conversations are kept under, and whether they are a
 * guest (limited by {@link GuestGate}). For a key the owner is {@code key:} and the SHA-256 of the key the caller
 * presented (a bridge key in server-held mode, their own Poe key in pass-through mode), so the same key always finds
 * the same conversations and no key is ever stored. For a guest it is their {@code user_id} ({@code guest-<uuid>}).
 */
public record Caller(String owner, String poeKey, boolean guest) {

    /** A caller with a key (not a guest). */
    public Caller(String owner, String poeKey) {
        this(owner, poeKey, false);
    }

    /** A caller who presented {@code presentedKey} and spends {@code poeKey}. */
    public static Caller ofKey(String presentedKey, String poeKey) {
        return new Caller("key:" + sha256(presentedKey), poeKey, false);
    }

    /** A guest with a verified token: {@code userId} owns their conversations, the server's key pays. */
    public static Caller ofGuest(String userId, String serverKey) {
        return new Caller(userId, serverKey, true);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public String toString() {
        return "Caller[" + owner + "]"; // never the key
    }
}
