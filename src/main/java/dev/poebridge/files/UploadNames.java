package dev.poebridge.files;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * File names and media types as they go into the headers of an upload to Poe ({@code Content-Disposition} and
 * {@code Content-Type} of a multipart part, or a form field). Both come from callers (a multipart file name, the type
 * in a data URL), and a CR LF inside either would add header lines of the caller's choosing to the bridge's request.
 */
public final class UploadNames {

    /** {@code type/subtype} of RFC 6838 restricted names, parameters dropped. */
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");
    private static final int MAX_NAME_LENGTH = 255;

    private UploadNames() {
    }

    /**
     * The name without control characters, quotes, backslashes or path separators (a name is a name, not a path), and
     * without unpaired surrogates; at most 255 characters; {@code fallback} when nothing is left.
     */
    public static String fileName(String name, String fallback) {
        if (name == null) {
            return fallback;
        }
        StringBuilder safe = new StringBuilder(Math.min(name.length(), MAX_NAME_LENGTH));
        for (int i = 0; i < name.length() && safe.length() < MAX_NAME_LENGTH; i++) {
            char c = name.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                if (safe.length() + 2 > MAX_NAME_LENGTH) {
                    break;
                }
                safe.append(c).append(name.charAt(++i));
            } else if (Character.isSurrogate(c) || Character.isISOControl(c) || c == '"' || c == '\\' || c == '/'
                    || c == '\u2028' || c == '\u2029') {
                safe.append('_');
            } else {
                safe.append(c);
            }
        }
        String result = safe.toString().strip();
        return result.isEmpty() || result.chars().allMatch(ch -> ch == '.' || ch == '_') ? fallback : result;
    }

    /** The media type in lower case without parameters, or {@code application/octet-stream} when it is not one. */
    public static String mediaType(String type) {
        if (type == null) {
            return "application/octet-stream";
        }
        int semicolon = type.indexOf(';');
        String bare = (semicolon < 0 ? type : type.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return MEDIA_TYPE.matcher(bare).matches() ? bare : "application/octet-stream";
    }
}
