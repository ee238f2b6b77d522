package dev.poebridge.images;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.poebridge.error.ApiException;

/**
 * OpenAI's {@code size} and {@code quality} in the terms of Poe's image bots ({@code aspect} and {@code quality},
 * as GPT-Image-1 on Poe takes them), checked at the edge. Poe's bots draw in a few aspects, not at a pixel size, so a
 * {@code WxH} becomes the nearest of {@code 1:1}, {@code 3:2} and {@code 2:3} by ratio; the bot picks its own pixel
 * size and the bridge does not resize. A {@code size} that is neither {@code WxH} nor {@code auto} is a 400; a
 * {@code quality} the bots have no word for ({@code auto}, or a value OpenAI may add later) is left out, so the bot
 * uses its default.
 *
 * @param aspect {@code 1:1}, {@code 3:2}, {@code 2:3}, {@code auto}, or null when the request gave no size
 * @param quality {@code low}, {@code medium}, {@code high}, or null
 */
public record ImageSettings(String aspect, String quality) {

    /** The parameter names the bridge can send to Poe's image bots. */
    public static final Set<String> PARAMETERS = Set.of("aspect", "quality");

    static final ImageSettings NONE = new ImageSettings(null, null);

    // Up to five digits a side: larger is no image size, and the ratio stays exact in a double.
    private static final Pattern WIDTH_X_HEIGHT = Pattern.compile("([1-9]\\d{0,4})x([1-9]\\d{0,4})");
    private static final double THREE_TWO = Math.log(1.5);

    /** The settings of a request; {@code size} and {@code quality} may be null (absent). */
    static ImageSettings of(String size, String quality) {
        return new ImageSettings(aspect(size), quality(quality));
    }

    /** The settings as Poe parameters, only those of {@code names} that have a value, aspect first. */
    Map<String, String> parameters(Set<String> names) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (aspect != null && names.contains("aspect")) {
            parameters.put("aspect", aspect);
        }
        if (quality != null && names.contains("quality")) {
            parameters.put("quality", quality);
        }
        return parameters;
    }

    static String aspect(String size) {
        if (size == null || size.equals("auto")) {
            return size;
        }
        Matcher m = WIDTH_X_HEIGHT.matcher(size);
        if (!m.matches()) {
            throw ApiException.invalidRequest("size", "Invalid value for 'size': '" + size
                    + "'. Give it as WIDTHxHEIGHT in pixels (such as '1024x1024', '1536x1024' or '1024x1536') or 'auto'.");
        }
        // Nearest on a log scale, where 3:2 and 2:3 lie as far from 1:1 on either side; a tie goes to 1:1.
        double ratio = Math.log(Double.parseDouble(m.group(1)) / Double.parseDouble(m.group(2)));
        if (Math.abs(ratio) <= THREE_TWO / 2) {
            return "1:1";
        }
        return ratio > 0 ? "3:2" : "2:3";
    }

    static String quality(String quality) {
        if (quality == null) {
            return null;
        }
        return switch (quality) {
            case "low", "medium", "high" -> quality;
            case "hd" -> "high";
            case "standard" -> "medium";
            default -> null;
        };
    }
}
