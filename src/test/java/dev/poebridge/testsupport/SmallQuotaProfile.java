package dev.poebridge.testsupport;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The bridge with a conversation storage quota of 64 KiB per owner ({@code conversations.max-bytes-per-owner}), so that
 * a few appends of text fill it; its own Quarkus start, so that no other test meets the small quota.
 */
public class SmallQuotaProfile implements QuarkusTestProfile {

    /** The quota in bytes. */
    public static final int QUOTA = 64 * 1024;

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("conversations.max-bytes-per-owner", "64K");
    }
}
