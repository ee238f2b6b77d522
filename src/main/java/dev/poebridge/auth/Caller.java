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
public final class Caller {

    private final String presentedKey;
    private final String poeKey;
    private final boolean guest;
    /** Computed when first asked for: most calls (an image or a chat without a conversation) never need it. */
    private String owner;

    private Caller(String owner, String presentedKey, String poeKey, boolean guest) {
        this.owner = owner;
        this.presentedKey = presentedKey;
        this.poeKey = poeKey;
        this.guest = guest;
    }

    /** A caller who presented {@code presentedKey} and spends {@code poeKey}. */
    public static Caller ofKey(String presentedKey, String poeKey) {
        return new Caller(null, presentedKey, poeKey, false);
    }

    /** A guest with a verified token: {@code userId} owns their conversations, the server's key pays. */
    public static Caller ofGuest(String userId, String serverKey) {
        return new Caller(userId, null, serverKey, true);
    }

    /** Whose conversations and quotas these are: {@code key:<sha-256 of the presented key>}, or a guest's user id. */
    public String owner() {
        String known = owner;
        if (known == null) {
            known = "key:" + sha256(presentedKey);
            owner = known; // racing threads compute the same value
        }
        return known;
    }

    /** The Poe key this caller's calls spend. */
    public String poeKey() {
        return poeKey;
    }

    /** True for a guest, whom {@link GuestGate} limits. */
    public boolean guest() {
        return guest;
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
        return guest ? "Caller[" + owner + "]" : "Caller[key]"; // never the key
    }
}
