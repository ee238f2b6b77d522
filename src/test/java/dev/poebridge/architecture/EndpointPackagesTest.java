package dev.poebridge.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The endpoints stand on shared packages below them ({@code answer}, {@code files}, {@code poe}, ...), never on each
 * other: what two endpoints share lives in a shared package.
 */
class EndpointPackagesTest {

    static final List<String> ENDPOINTS = List.of("chat", "completions", "conversations", "images", "models");

    @ParameterizedTest
    @ValueSource(strings = { "chat", "completions", "conversations", "images", "models" })
    void anEndpointPackageImportsNoOtherEndpointPackage(String endpoint) throws IOException {
        Path sources = Path.of("src/main/java/dev/poebridge", endpoint);
        List<String> others = ENDPOINTS.stream().filter(other -> !other.equals(endpoint)).toList();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                for (String other : others) {
                    assertThat(source).as(file + " uses " + other)
                            .doesNotContain("dev.poebridge." + other + ".");
                }
            }
        }
    }
}
