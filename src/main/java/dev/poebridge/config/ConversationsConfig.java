package dev.poebridge.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Conversations kept in the bridge's database (the Conversations API, and the image and chat endpoints' appends). */
@ConfigMapping(prefix = "conversations")
public interface ConversationsConfig {

    /**
     * Most item JSON one owner (a key, or a guest) may keep across all their conversations, counted in characters of
     * the stored JSON (bytes for the ASCII that base64 and escaped JSON mostly are). An append beyond it is refused with
     * a 400 {@code conversation_storage_full} and nothing is stored; deleting conversations or items frees room.
     * Default 256M. Environment variable: {@code CONVERSATIONS_MAX_BYTES_PER_OWNER}.
     */
    @WithDefault("256M")
    MemorySize maxBytesPerOwner();
}
