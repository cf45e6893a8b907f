package com.encrata.webhooks.support;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's tinyproxy, run by a test on a loopback port with its own configuration: proxy credentials,
 * {@code CONNECT} allowed to the given ports only, every request logged. Without the binary a test is
 * skipped, except on CI ({@code CI=true}), where it fails.
 */
public final class Tinyproxy implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/bin/tinyproxy");
    public static final String USER = "relay";
    public static final String PASSWORD = "proxy-pass-7c1d9e";

    private final Path log;
    private final Process process;

    private Tinyproxy(Path log, Process process) {
        this.log = log;
        this.process = process;
    }

    /** Skips the calling test without tinyproxy, or fails it on CI. */
    public static void assumeInstalled() {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("tinyproxy is not installed (apt-get install tinyproxy): the egress proxy cannot be tested");
        }
        Assumptions.abort("tinyproxy is not installed (apt-get install tinyproxy)");
    }

    /** A free loopback port for a proxy that is about to start (or never will). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts tinyproxy on {@code port}, allowing {@code CONNECT} to {@code connectPorts} only. */
    public static Tinyproxy start(int port, List<Integer> connectPorts) {
        try {
            Path dir = Files.createTempDirectory("tinyproxy");
            Path log = dir.resolve("tinyproxy.log");
            Files.createFile(log);
            Path config = dir.resolve("tinyproxy.conf");
            Files.writeString(config, """
                    Port %d
                    Listen 127.0.0.1
                    Timeout 10
                    LogFile "%s"
                    LogLevel Connect
                    MaxClients 50
                    Allow 127.0.0.1
                    BasicAuth %s %s
                    %s
                    """.formatted(port, log, USER, PASSWORD,
                    connectPorts.stream().map(p -> "ConnectPort " + p).collect(Collectors.joining("\n"))));
            Process process = new ProcessBuilder(BINARY.toString(), "-d", "-c", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
            Tinyproxy proxy = new Tinyproxy(log, process);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !process.isAlive() || listening(port));
            if (!process.isAlive()) {
                throw new IllegalStateException("tinyproxy did not start: " + Files.readString(dir.resolve("stdout.log")));
            }
            return proxy;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start tinyproxy", e);
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** tinyproxy's log so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
