package dev.poebridge.images;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.poebridge.error.PoeException;
import dev.poebridge.poe.AnswerLimit;
import dev.poebridge.poe.PoeEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The image-endpoint view of a bot reply: the URL of the image it sends, everything else ignored.
 * <ul>
 * <li>The first {@code file} event with an {@code image/*} content type wins at once, and the rest of the reply is
 * not read (the Poe call is cancelled).</li>
 * <li>A file of another type (audio or video bots) is kept and used if no image follows.</li>
 * <li>No file at all: an image URL the bot wrote into its text (a markdown image, a markdown link, or a bare URL),
 * because some bots answer that way.</li>
 * <li>Nothing: 502, with the start of the bot's text, which usually says why (a refusal, a question).</li>
 * </ul>
 * Only the first {@value #MAX_TEXT_KEPT} characters of text are kept to look for a URL in (bots that answer with a
 * URL say little else), and a bot whose text grows past the {@link AnswerLimit} is stopped with a 502.
 */
final class FirstImage {

    private static final Pattern MARKDOWN_IMAGE = Pattern.compile("!\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern MARKDOWN_LINK = Pattern.compile("(?<!!)\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern BARE_URL = Pattern.compile("(?:https?://|data:image/)[^\\s<>\"'()\\]\\[]+");
    private static final int MAX_TEXT_IN_ERROR = 300;
    static final int MAX_TEXT_KEPT = 32 * 1024;

    private FirstImage() {
    }

    static Uni<String> of(Multi<PoeEvent> reply, AnswerLimit limit) {
        return Uni.createFrom().deferred(() -> {
            Scan scan = new Scan(limit);
            return reply.filter(scan::acceptIsImage)
                    .toUni()
                    .map(event -> event != null ? ((PoeEvent.File) event).url() : scan.fallback(limit.bot()));
        });
    }

    /**
     * Every image file of the reply, as it arrives, for a streamed answer that shows the earlier ones as partial
     * images; a reply without one gives what {@link #of} falls back to, or its failure.
     */
    static Multi<String> all(Multi<PoeEvent> reply, AnswerLimit limit) {
        return Multi.createFrom().deferred(() -> {
            Scan scan = new Scan(limit);
            AtomicBoolean any = new AtomicBoolean();
            Multi<String> images = reply.filter(scan::acceptIsImage).map(event -> {
                any.set(true);
                return ((PoeEvent.File) event).url();
            });
            Multi<String> fallback = Multi.createFrom().deferred(() -> any.get() ? Multi.createFrom().empty()
                    : Multi.createFrom().item(() -> scan.fallback(limit.bot())));
            return Multi.createBy().concatenating().streams(images, fallback);
        });
    }

    /** The first usable URL in text: a markdown image, then a markdown link, then a bare http(s) or data URL. */
    static String urlInText(String text) {
        for (Pattern pattern : new Pattern[] { MARKDOWN_IMAGE, MARKDOWN_LINK }) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                String url = m.group(1);
                if (isUsable(url)) {
                    return url;
                }
            }
        }
        Matcher bare = BARE_URL.matcher(text);
        if (bare.find()) {
            return bare.group().replaceAll("[.,;:!?*_`]+$", "");
        }
        return null;
    }

    private static boolean isUsable(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("https://") || lower.startsWith("http://") || lower.startsWith("data:image/");
    }

    /** What the reply has shown so far; one per Poe call. */
    private static final class Scan {

        private final AnswerLimit limit;
        private final StringBuilder text = new StringBuilder(); // the start of the text, to look for a URL in
        private long textChars; // all of the text, kept or not
        private PoeEvent.File otherFile;

        Scan(AnswerLimit limit) {
            this.limit = limit;
        }

        boolean acceptIsImage(PoeEvent event) {
            switch (event) {
                case PoeEvent.File file when file.isImage() -> {
                    return true;
                }
                case PoeEvent.File file -> {
                    if (otherFile == null) {
                        otherFile = file;
                    }
                }
                case PoeEvent.Replace replace -> {
                    textChars = 0;
                    text.setLength(0);
                    keep(replace.text());
                }
                case PoeEvent.Text t -> keep(t.text());
                default -> {
                    // meta, json and suggested replies say nothing about the image
                }
            }
            return false;
        }

        private void keep(String more) {
            textChars += more.length();
            limit.check(textChars);
            text.append(more, 0, Math.min(more.length(), Math.max(0, MAX_TEXT_KEPT - text.length())));
        }

        String fallback(String bot) {
            if (otherFile != null) {
                return otherFile.url();
            }
            String url = urlInText(text.toString());
            if (url != null) {
                return url;
            }
            String said = text.toString().strip();
            if (said.length() > MAX_TEXT_IN_ERROR) {
                said = said.substring(0, MAX_TEXT_IN_ERROR) + "...";
            }
            throw new PoeException(PoeException.Kind.UPSTREAM, bot, false, "no_image_returned", null,
                    "Poe bot '" + bot + "' returned no image"
                            + (said.isEmpty() ? "." : ". It answered: " + said),
                    null);
        }
    }
}
