package dev.poebridge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged bridge ({@code target/quarkus-app/quarkus-run.jar}, built before the integration tests run) as a
 * separate {@code java -jar} process on the test's own JDK, for what one application in the test JVM cannot show:
 * several instances on one database, a restart. It listens on a free port of 127.0.0.1 (or the {@code PORT} given),
 * with a 256 MB heap as the README documents; its output goes to {@code target/packaged-bridge/}. The process gets a
 * clean environment (PATH, HOME, TMPDIR, LANG and the variables given), so a developer's own {@code POE_API_KEY} or
 * {@code DB_URL} never leaks into a test.
 */
public final class PackagedBridge implements AutoCloseable {

    private static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);
    /** Longer than the bridge's default shutdown grace (30 s), so that a graceful stop is never cut short. */
    private static final Duration STOP_WITHIN = Duration.ofSeconds(40);

    private final Process process;
    private final URI baseUri;
    private final Path log;
    private final Thread killAtExit;

    private PackagedBridge(Process process, URI baseUri, Path log) {
        this.process = process;
        this.baseUri = baseUri;
        this.log = log;
        this.killAtExit = new Thread(process::destroyForcibly, "packaged-bridge-kill");
        Runtime.getRuntime().addShutdownHook(killAtExit);
    }

    /** Starts the bridge with these environment variables (e.g. {@code DB_URL}, {@code POE_BASE_URL}); once ready. */
    public static PackagedBridge start(Map<String, String> environment) {
        return start(environment, Map.of());
    }

    /**
     * Starts the bridge against this Poe stand-in (its URLs and test settings, passed as system properties) with these
     * environment variables; returns once it is ready.
     */
    public static PackagedBridge start(PoeStandIn poe, Map<String, String> environment) {
        return start(environment, poe.config());
    }

    /** Starts the bridge with these environment variables and {@code -D} system properties; returns once it is ready. */
    public static PackagedBridge start(Map<String, String> environment, Map<String, String> systemProperties) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: PackagedBridge runs in the integration "
                    + "tests (./mvnw verify), after the package phase built it.");
        }
        int port = FreePort.onLoopback();
        // Each bridge gets a database of its own unless the test names one: never ./data of the checkout.
        Map<String, String> variables = new HashMap<>(Map.of("PORT", String.valueOf(port),
                "QUARKUS_HTTP_HOST", "127.0.0.1",
                "DB_URL", "jdbc:sqlite:target/packaged-bridge/bridge-" + port + "-" + System.nanoTime() + ".db"));
        variables.putAll(environment);
        URI baseUri = URI.create("http://127.0.0.1:" + variables.get("PORT"));
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-Xmx256m"));
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-jar", JAR.toString()));
        try {
            Path log = Files.createDirectories(Path.of("target", "packaged-bridge"))
                    .resolve("bridge-" + variables.get("PORT") + "-" + System.nanoTime() + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            Map<String, String> inherited = new HashMap<>(env);
            env.clear();
            for (String kept : List.of("PATH", "HOME", "TMPDIR", "LANG")) {
                if (inherited.containsKey(kept)) {
                    env.put(kept, inherited.get(kept));
                }
            }
            env.putAll(variables);
            PackagedBridge bridge = new PackagedBridge(builder.start(), baseUri, log);
            bridge.awaitReady();
            return bridge;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>} */
    public URI baseUri() {
        return baseUri;
    }

    /** Where the bridge's output goes. */
    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * SIGTERM, as a container runtime stops a service; if the bridge has not exited after its shutdown grace, SIGKILL.
     * Returns the exit code.
     */
    public int stop() {
        process.destroy();
        try {
            if (!process.waitFor(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            int exit = process.waitFor();
            removeHook();
            return exit;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void removeHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(killAtExit);
        } catch (IllegalStateException e) {
            // The JVM is already exiting; the hook then kills a process that has already ended.
        }
    }

    private void awaitReady() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(baseUri.resolve("/q/health/ready")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw notReady("exited (code " + process.exitValue() + ") before it was ready");
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Starting: the port is not open yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            pause();
        }
        process.destroyForcibly();
        throw notReady("was not ready within " + READY_WITHIN.toSeconds() + " s");
    }

    private IllegalStateException notReady(String what) {
        removeHook();
        String output;
        try {
            output = Files.readString(log);
        } catch (IOException e) {
            output = "(unreadable: " + e + ")";
        }
        return new IllegalStateException("The packaged bridge at " + baseUri + " " + what + "; its log (" + log + "):\n"
                + output);
    }

    /** Between two readiness probes: polling a starting process, not waiting for a result. */
    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The JVM this test runs on, so the bridge runs on the JDK ./mvnw picked. */
    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
