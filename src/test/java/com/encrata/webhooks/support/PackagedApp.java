package com.encrata.webhooks.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application ({@code target/quarkus-app/quarkus-run.jar}) as a process of its own, in
 * the prod profile, on the shared test database: for what only a real process shows (refusing to
 * start, dying with {@code kill -9}).
 */
public final class PackagedApp implements AutoCloseable {

    public static final String ADMIN_TOKEN = "packaged-admin-token-0123456789abcdefghij";
    public static final String INTERNAL_TOKEN = "packaged-internal-token-0123456789abcdefg";
    public static final String SECRETS_KEY = Base64.getEncoder().encodeToString("packaged-app-test-secrets-key-32".getBytes());

    private final Process process;
    private final Path output;
    private final int port;

    private PackagedApp(Process process, Path output, int port) {
        this.process = process;
        this.output = output;
        this.port = port;
    }

    /** A complete production environment on the shared test database and a free port. */
    public static Map<String, String> productionEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.putAll(database());
        env.put("QUARKUS_HTTP_PORT", String.valueOf(freePort()));
        env.put("ENCRATA_SECRETS_KEY", SECRETS_KEY);
        env.put("ENCRATA_ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("ENCRATA_INTERNAL_TOKEN", INTERNAL_TOKEN);
        env.put("ENCRATA_RATE_LIMIT_PER_MINUTE", "0");
        return env;
    }

    /** The test database: the shared embedded server, or the one the environment or a test run configured. */
    private static Map<String, String> database() {
        Map<String, String> embedded = new EmbeddedPostgresResource().start();
        String url = embedded.get("quarkus.datasource.reactive.url");
        if (url == null) {
            url = System.getenv("QUARKUS_DATASOURCE_REACTIVE_URL");
        }
        if (url == null || url.isBlank()) {
            url = System.getProperty("quarkus.datasource.jdbc.url").replaceFirst("^jdbc:", "");
        }
        return Map.of("QUARKUS_DATASOURCE_REACTIVE_URL", url,
                "QUARKUS_DATASOURCE_USERNAME", setting(embedded, "quarkus.datasource.username", "QUARKUS_DATASOURCE_USERNAME"),
                "QUARKUS_DATASOURCE_PASSWORD", setting(embedded, "quarkus.datasource.password", "QUARKUS_DATASOURCE_PASSWORD"));
    }

    private static String setting(Map<String, String> embedded, String property, String variable) {
        String value = embedded.getOrDefault(property, System.getenv(variable));
        if (value == null) {
            value = System.getProperty(property);
        }
        return value != null ? value : "postgres";
    }

    /** Starts the jar with exactly {@code env} (on top of PATH and HOME) and the given system properties. */
    public static PackagedApp start(Map<String, String> env, String... systemProperties) throws IOException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("Package the application first: " + jar);
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx192m"));
        command.addAll(List.of(systemProperties));
        command.addAll(List.of("-jar", jar.toString()));
        Path output = Files.createTempFile("packaged-app", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("QUARKUS_") || k.startsWith("ENCRATA_"));
        builder.environment().putAll(env);
        int port = Integer.parseInt(env.getOrDefault("QUARKUS_HTTP_PORT", "8080"));
        return new PackagedApp(builder.start(), output, port);
    }

    /** Waits for the process to end by itself; its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Still running after " + timeout + ":\n" + output());
        }
        return process.exitValue();
    }

    /** Waits until readiness answers 200. */
    public PackagedApp awaitReady(Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The application exited:\n" + output());
            }
            try {
                HttpResponse<Void> ready = client.send(HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Not ready after " + timeout + ":\n" + output());
    }

    public String url() {
        return "http://localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** Everything the process printed so far. */
    public String output() {
        try {
            return Files.readString(output);
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** {@code kill -9}: no shutdown hook, no graceful anything. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(15, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
