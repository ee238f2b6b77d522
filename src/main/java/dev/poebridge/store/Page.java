package dev.poebridge.store;

import java.util.List;

/** One page of a list, in the order asked for; {@code hasMore} when the list goes on after its last entry. */
public record Page<T>(List<T> data, boolean hasMore) {
}
