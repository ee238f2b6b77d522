package dev.poebridge.conversations;

import dev.poebridge.error.ApiException;

/** The query of a list call: {@code limit} 1-100 (default 20), {@code order} asc or desc (default desc), {@code after}. */
record ListQuery(int limit, boolean ascending, String after) {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    static ListQuery of(String limit, String order, String after) {
        return new ListQuery(limit(limit), ascending(order), after == null || after.isBlank() ? null : after);
    }

    private static int limit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int value = Integer.parseInt(limit.strip());
            if (value >= 1 && value <= MAX_LIMIT) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // answered below, like a number out of range
        }
        throw ApiException.invalidRequest("limit", "'limit' must be a whole number from 1 to " + MAX_LIMIT + ".");
    }

    private static boolean ascending(String order) {
        if (order == null || order.equals("desc")) {
            return false;
        }
        if (order.equals("asc")) {
            return true;
        }
        throw ApiException.invalidRequest("order", "'order' must be 'asc' or 'desc'.");
    }
}
