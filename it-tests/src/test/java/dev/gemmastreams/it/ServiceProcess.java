package dev.gemmastreams.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The service's runnable jar in its own JVM, as {@code ./gemma-streams run} starts it, so tests can send it
 * SIGTERM or SIGKILL. Its output goes to a log file the test can read.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int httpPort;
    private final Path log;

    private ServiceProcess(Process process, int httpPort, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.log = log;
    }

    public static ServiceProcess start(Path workDir, String... args) {
        return start(workDir, Map.of(), freePort(), args);
    }

    /** As above, with these environment variables added to the service's. */
    public static ServiceProcess start(Path workDir, Map<String, String> environment, String... args) {
        return start(workDir, environment, freePort(), args);
    }

    /** On a given HTTP port: an instance restarted where its peers and clients expect it. */
    public static ServiceProcess start(Path workDir, int port, String... args) {
        return start(workDir, Map.of(), port, args);
    }

    private static ServiceProcess start(Path workDir, Map<String, String> environment, int port, String... args) {
        try {
            Path log = Files.createTempFile(workDir, "service-", ".log");
            List<String> command = new ArrayList<>(List.of(javaBinary(),
                    "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                    "-Xmx1g", "-jar", serviceJar().toString(), "--server.port=" + port));
            command.addAll(List.of(args));
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            return new ServiceProcess(process, port, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until readiness is UP; fails with the service's log when it exits or the time runs out. */
    public void awaitReady(Duration timeout) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new AssertionError("The service exited with " + process.exitValue() + ":\n" + log());
                }
                return status("/actuator/health/readiness") == 200;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("The service was not ready within " + timeout + ":\n" + log(), e);
        }
    }

    public int httpPort() {
        return httpPort;
    }

    /** HTTP status of a GET, or -1 when nothing answers. */
    public int status(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Sends SIGTERM and waits for the exit; returns the exit code. */
    public int terminate(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("The service did not stop within " + timeout + " of SIGTERM:\n" + log());
        }
        return process.exitValue();
    }

    /** Body of a GET, or null when nothing answers or the status is not 200. */
    public String get(String path) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + httpPort + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGKILL (kill -9: no shutdown hook, no commit, no leave-group) and waits until the process is gone. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("The service survived SIGKILL for 30 s (pid " + process.pid() + ")");
        }
    }

    /**
     * When the service logged its first line containing {@code text} (Spring Boot's default line format starts with
     * an ISO-8601 instant); empty when no line contains it.
     */
    public Optional<Instant> loggedAt(String text) {
        return log().lines().filter(line -> line.contains(text)).findFirst().flatMap(line -> {
            int end = line.indexOf(' ');
            try {
                return Optional.of(OffsetDateTime.parse(end < 0 ? line : line.substring(0, end)).toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The runnable jar the service module built in this same build. */
    static Path serviceJar() throws IOException {
        Path target = Path.of("..", "service", "target").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().matches("gemma-streams-service-.*-exec\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No runnable service jar in " + target
                            + ": build the service module first (mvnw install -pl service -am)"));
        }
    }
}
