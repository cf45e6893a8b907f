package com.encrata.webhooks.boot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

import io.quarkus.arc.Arc;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.vertx.http.HttpServer;

/**
 * The start that records the AppCDS archive: {@code ./mvnw package} (quarkus.package.jar.appcds.enabled)
 * and the image build launch the jar with {@code -XX:ArchiveClassesAtExit} and
 * {@code -Dquarkus.appcds.generate=true}, and the JVM archives the classes loaded until it exits. Left
 * to Quarkus, that run stops after static init, so the archive misses most of what a real start loads
 * (the persistence unit, Vert.x, the REST layer, the engine); here it goes through the whole start
 * instead, without a database: an unreachable database URL, no migration, no database version check,
 * throwaway secrets, a random port on loopback. It answers one {@code GET /api/health} (503, no
 * database) and exits. Nothing of it reaches the network.
 */
final class ArchiveRecording implements QuarkusApplication {

    private static final Duration LIMIT = Duration.ofMinutes(5);

    /** Configures the recording start (system properties win over the environment and application.properties). */
    static void prepare() {
        System.clearProperty("quarkus.appcds.generate");
        SecureRandom random = new SecureRandom();
        System.setProperty("QUARKUS_DATASOURCE_REACTIVE_URL", "postgresql://127.0.0.1:1/unreachable");
        System.setProperty("QUARKUS_DATASOURCE_JDBC_URL", "jdbc:postgresql://127.0.0.1:1/unreachable");
        System.setProperty("quarkus.flyway.migrate-at-start", "false");
        System.setProperty("quarkus.hibernate-orm.database.version-check.enabled", "false");
        System.setProperty("ENCRATA_SECRETS_KEY", Base64.getEncoder().encodeToString(bytes(random, 32)));
        System.setProperty("ENCRATA_ADMIN_TOKEN", token(random));
        System.setProperty("ENCRATA_INTERNAL_TOKEN", token(random));
        System.setProperty("quarkus.http.host", "127.0.0.1");
        System.setProperty("quarkus.http.port", "0");
        // The engine retries the unreachable database meanwhile; its warnings would only be noise here.
        System.setProperty("quarkus.log.level", "ERROR");
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep(LIMIT.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("The AppCDS recording start did not finish within " + LIMIT + "; no archive");
            Runtime.getRuntime().halt(1);
        }, "appcds-recording-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    @Override
    public int run(String... args) {
        int port = Arc.container().instance(HttpServer.class).get().getPort();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/health"))
                .timeout(Duration.ofSeconds(10)).build();
        try {
            client.send(health, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // No answer: the archive only misses the classes of that one request.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    private static byte[] bytes(SecureRandom random, int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String token(SecureRandom random) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes(random, 30));
    }
}
