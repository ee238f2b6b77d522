package dev.poebridge.answer;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.poebridge.poe.PoeEvent;

/**
 * How files a bot sends appear in text answers: as markdown on a line of their own, {@code ![name](url)} for images
 * (so chat UIs show them) and {@code [name](url)} for anything else; and how Poe-style inline references
 * {@code ![title][inline_ref]} are turned into ordinary markdown images once the file they name is known.
 */
public final class FileLinks {

    /** A complete Poe inline reference; group 1 is the title, group 2 the reference. */
    static final Pattern INLINE_REF = Pattern.compile("!\\[([^\\]\\n]*)]\\[([^\\]\\n]+)]");

    private FileLinks() {
    }

    public static String markdown(PoeEvent.File file) {
        String name = file.name() == null || file.name().isBlank() ? "file" : file.name();
        String label = name.replace('[', '(').replace(']', ')').replace('\n', ' ');
        return (file.isImage() ? "!" : "") + "[" + label + "](" + url(file.url()) + ")";
    }

    /** The file as markdown, starting on a new line and ending one. */
    static String line(PoeEvent.File file, boolean atLineStart) {
        return (atLineStart ? "" : "\n") + markdown(file) + "\n";
    }

    /** Replaces every inline reference that names a known file; unknown references stay as the bot wrote them. */
    static String resolve(String text, Map<String, PoeEvent.File> byRef) {
        if (byRef.isEmpty() || text.indexOf("![") < 0) {
            return text;
        }
        Matcher m = INLINE_REF.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            PoeEvent.File file = byRef.get(m.group(2));
            m.appendReplacement(out, Matcher.quoteReplacement(
                    file == null ? m.group() : "![" + m.group(1) + "](" + url(file.url()) + ")"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Characters that would end a markdown link destination early are percent-encoded. */
    private static String url(String url) {
        return url.replace(" ", "%20").replace("(", "%28").replace(")", "%29");
    }
}
