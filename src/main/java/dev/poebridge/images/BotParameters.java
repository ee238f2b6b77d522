package dev.poebridge.images;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import jakarta.inject.Singleton;

import dev.poebridge.config.ImagesConfig;
import dev.poebridge.poe.BotName;
import io.quarkus.runtime.Startup;

/**
 * Which of a request's {@link ImageSettings} a bot is sent, as the {@code parameters} of its last user message. Bots
 * that do not know a parameter may refuse the query or misread it, so only bots known to take it get it: GPT-image
 * bots ({@code images.gpt-image-models}) take {@code aspect} and {@code quality}, other bots what
 * {@code images.bot-parameters} lists for them, and every other bot nothing. Table names match ignoring case and
 * punctuation: set as an environment variable ({@code IMAGES_BOT_PARAMETERS__FLUX_PRO_1_1__=aspect}), a name comes
 * back as {@code flux.pro.1.1}, and it must still find {@code FLUX-pro-1.1}.
 * The same pattern decides which bots get {@code url} and {@code b64_json} by default ({@link ResponseFormat}).
 * Built at startup, so that a bad pattern or an unknown parameter name stops the bridge rather than its first image
 * request.
 */
@Startup
@Singleton
public class BotParameters {

    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}]");

    private final Pattern gptImageModels;
    private final Map<String, Set<String>> table = new HashMap<>();

    BotParameters(ImagesConfig config) {
        try {
            gptImageModels = Pattern.compile(config.gptImageModels(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("images.gpt-image-models is not a valid regular expression: "
                    + e.getMessage(), e);
        }
        Map<String, String> spelled = new HashMap<>();
        config.botParameters().forEach((bot, names) -> {
            String earlier = spelled.putIfAbsent(key(bot), bot);
            if (earlier != null) {
                // Names match ignoring case and punctuation, so two spellings of one bot would silently overwrite.
                throw new IllegalArgumentException("images.bot-parameters names the bot twice: '" + earlier + "' and '"
                        + bot + "'.");
            }
            table.put(key(bot), known(bot, names));
        });
    }

    /** Whether {@code bot} is one of OpenAI's GPT-image models on Poe ({@code images.gpt-image-models}). */
    public boolean isGptImage(BotName bot) {
        return gptImageModels.matcher(bot.value()).matches();
    }

    /** The parameters {@code bot} is sent for these settings; empty when it takes none or none was asked for. */
    public Map<String, String> forBot(BotName bot, ImageSettings settings) {
        Set<String> names = isGptImage(bot)
                ? ImageSettings.PARAMETERS
                : table.getOrDefault(key(bot.value()), Set.of());
        return settings.parameters(names);
    }

    private static Set<String> known(String bot, List<String> names) {
        // SmallRye keeps the spaces of "aspect, quality".
        List<String> trimmed = names.stream().map(String::strip).filter(name -> !name.isEmpty()).toList();
        for (String name : trimmed) {
            if (!ImageSettings.PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("images.bot-parameters.\"" + bot + "\" names '" + name
                        + "'; the parameters the bridge can send are 'aspect' and 'quality'.");
            }
        }
        return Set.copyOf(trimmed);
    }

    private static String key(String bot) {
        return NOT_LETTER_OR_DIGIT.matcher(bot.toLowerCase(Locale.ROOT)).replaceAll("_");
    }
}
