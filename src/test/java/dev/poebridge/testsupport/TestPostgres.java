package dev.poebridge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster for the tests: Debian's {@code postgresql} package ({@code initdb}, {@code pg_ctl}) in
 * a fresh temporary folder, on a free port of 127.0.0.1 only, its unix socket in that folder, trust authentication.
 * One cluster serves the whole JVM ({@link #shared()}, started on first use); it is stopped and its folder deleted when
 * the JVM exits. There is no Docker engine on the build machines, so no Testcontainers.
 */
public final class TestPostgres {

    /** The database every cluster has; {@link #createDatabase()} makes more. */
    public static final String DATABASE = "bridge";

    private static final String USER = "bridge";
    private static final String INSTALL = "PostgreSQL's initdb and pg_ctl were found neither on PATH nor under "
            + "/usr/lib/postgresql/*/bin. Install them with `apt-get install -y postgresql` (as root), or run the "
            + "tests with scripts/test.sh, which does so.";
    private static final String FOLDER_PREFIX = "poebridge-pg-";
    /** The test JVM a cluster's folder belongs to. */
    private static final String OWNER = "owner.pid";
    private static TestPostgres shared;

    private final Path folder;
    private final Path data;
    private final Path log;
    private final Path binaries;
    private final boolean asPostgresUser;
    private final AtomicInteger databases = new AtomicInteger();
    private int port;

    private TestPostgres(Path binaries, Path folder) {
        this.binaries = binaries;
        this.asPostgresUser = runningAsRoot();
        this.folder = folder;
        this.data = folder.resolve("data");
        this.log = folder.resolve("postgres.log");
    }

    /** The JVM's cluster, started (with its {@value #DATABASE} database) on first use. */
    public static synchronized TestPostgres shared() {
        if (shared == null) {
            Path binaries = binaries();
            stopOrphans(binaries);
            TestPostgres cluster = new TestPostgres(binaries, newFolder());
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::stop, "test-postgres-stop"));
            cluster.start();
            shared = cluster;
        }
        return shared;
    }

    private static Path newFolder() {
        try {
            Path folder = Files.createTempDirectory(FOLDER_PREFIX);
            if (runningAsRoot()) {
                // PostgreSQL refuses to run as root (and CI runs as root): the cluster belongs to the package's user.
                Files.setOwner(folder, folder.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres"));
            }
            Files.writeString(folder.resolve(OWNER), String.valueOf(ProcessHandle.current().pid()));
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops the clusters of test JVMs that were killed before their shutdown hook ran (a killed Maven fork), which
     * would otherwise run until the machine restarts. Clusters of JVMs still alive, and folders still being set up, are
     * left alone.
     */
    private static void stopOrphans(Path binaries) {
        try (Stream<Path> folders = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            folders.filter(folder -> folder.getFileName().toString().startsWith(FOLDER_PREFIX))
                    .filter(folder -> ownerEnded(folder.resolve(OWNER)))
                    .forEach(folder -> new TestPostgres(binaries, folder).stop());
        } catch (IOException e) {
            System.err.println("could not look for orphaned test clusters: " + e);
        }
    }

    private static boolean ownerEnded(Path owner) {
        try {
            return ProcessHandle.of(Long.parseLong(Files.readString(owner).trim())).isEmpty();
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** {@code jdbc:postgresql://127.0.0.1:<port>/bridge} */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String username() {
        return USER;
    }

    /** Any password passes (trust authentication); this one is never empty, so config keys holding it count as set. */
    public String password() {
        return "unused";
    }

    public int port() {
        return port;
    }

    /** A new, empty database of this cluster; its name. */
    public String createDatabase() {
        String name = DATABASE + "_" + databases.incrementAndGet();
        execute("postgres", "create database " + name);
        return name;
    }

    private void start() {
        run(List.of(binaries.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust",
                "--no-sync", "--no-instructions", "--encoding=UTF8", "--locale=C"), folder.resolve("initdb.log"));
        port = FreePort.onLoopback();
        appendSettings();
        // -w: returns once the server accepts connections, or fails after -t seconds.
        run(List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", log.toString(), "-w", "-t", "60",
                "start"), folder.resolve("pg_ctl.log"));
        execute("postgres", "create database " + DATABASE);
    }

    private void appendSettings() {
        // Speed over durability (a crash loses a throwaway cluster), and nothing outside the temporary folder.
        String settings = String.join("\n", "", "listen_addresses = '127.0.0.1'", "port = " + port,
                "unix_socket_directories = '" + folder + "'", "fsync = off", "synchronous_commit = off",
                "full_page_writes = off", "shared_buffers = 32MB", "max_connections = 200", "");
        try {
            Files.writeString(data.resolve("postgresql.conf"), settings, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs SQL with psql, which keeps this class free of the JDBC driver and of the class loader holding it. */
    private void execute(String database, String sql) {
        run(List.of(binaries.resolve("psql").toString(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                "-p", String.valueOf(port), "-U", USER, "-d", database, "-c", sql),
                folder.resolve("psql-" + System.nanoTime() + ".log"));
    }

    private synchronized void stop() {
        if (Files.exists(data.resolve("postmaster.pid"))) {
            try {
                run(List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop"),
                        folder.resolve("pg_ctl-stop.log"));
            } catch (IllegalStateException e) {
                System.err.println(e.getMessage());
            }
        }
        deleteFolder();
    }

    private void deleteFolder() {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + folder + ": " + e);
        }
    }

    /** Runs a PostgreSQL command (as the postgres user when this JVM is root), output to {@code output}. */
    private void run(List<String> command, Path output) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        try {
            Process process = new ProcessBuilder(full).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish in 90 s" + tail(output) + logTail());
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed (exit " + process.exitValue() + ")"
                        + tail(output) + logTail());
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + String.join(" ", full), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String logTail() {
        return tail(log);
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return "\n--- " + file + " (last lines) ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** The folder holding initdb and pg_ctl (with postgres beside them): PATH first, else the newest Debian install. */
    static Path binaries() {
        Optional<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .filter(entry -> !entry.isEmpty())
                .map(entry -> Path.of(entry, "initdb"))
                .filter(Files::isExecutable)
                .findFirst();
        if (onPath.isPresent()) {
            try {
                // Debian links only some commands into PATH; pg_ctl must be the one beside the real initdb.
                return onPath.get().toRealPath().getParent();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(bin -> Integer.parseInt(bin.getParent().getFileName().toString()
                            .replaceAll("\\D", "0"))))
                    .orElseThrow(() -> new IllegalStateException(INSTALL));
        } catch (IOException e) {
            throw new IllegalStateException(INSTALL, e);
        }
    }

    private static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
