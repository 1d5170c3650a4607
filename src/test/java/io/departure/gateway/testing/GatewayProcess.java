package io.departure.gateway.testing;

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
import java.util.List;
import java.util.Map;

/**
 * The packaged gateway as a process of its own on a free port, as an operator runs it: started
 * with system properties, stopped with SIGTERM or killed with SIGKILL. The packaged artifact is
 * the one Quarkus recorded in {@code target/quarkus-artifact.properties}: the jar
 * ({@code target/quarkus-app/quarkus-run.jar}), or the native executable
 * ({@code native.image.path}) when that says {@code type=native}, as
 * {@code @QuarkusIntegrationTest} chooses.
 */
public final class GatewayProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String name;
    private final int port;
    private final int managementPort;
    private final Path log;
    private final Process process;

    private GatewayProcess(String name, int port, int managementPort, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
        this.process = process;
    }

    /** Starts the jar with these properties and waits until it is ready. */
    public static GatewayProcess start(String name, Map<String, String> properties) {
        GatewayProcess gateway = launch(name, properties);
        gateway.awaitReady();
        return gateway;
    }

    /** Starts the jar with these properties and returns at once, before it listens. */
    public static GatewayProcess starting(String name, Map<String, String> properties) {
        return launch(name, properties);
    }

    /** How a process that was to stop by itself ended. */
    public record Exited(int code, String log, Duration after) {
    }

    /** Starts the jar and waits for it to exit by itself, as one that refuses to start does. */
    public static Exited exitOf(String name, Map<String, String> properties, Duration within) {
        long started = System.nanoTime();
        try (GatewayProcess gateway = launch(name, properties)) {
            if (!gateway.process.waitFor(within.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("gateway " + name + " still runs after " + within + ":\n" + gateway.log());
            }
            return new Exited(gateway.process.exitValue(), gateway.log(), Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The native executable under test, or null when the packaged artifact is the jar. */
    public static Path nativeExecutable() {
        Path artifact = Path.of("target", "quarkus-artifact.properties");
        try {
            java.util.Properties recorded = new java.util.Properties();
            if (Files.exists(artifact)) {
                try (var reader = Files.newBufferedReader(artifact)) {
                    recorded.load(reader);
                }
            }
            if (!"native".equals(recorded.getProperty("type"))) {
                return null;
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String path = System.getProperty("native.image.path");
        if (path == null || !Files.isExecutable(Path.of(path))) {
            throw new IllegalStateException(artifact + " names a native executable, but native.image.path (" + path
                    + ") is not one: build it first (./mvnw verify -Dnative)");
        }
        return Path.of(path);
    }

    private static GatewayProcess launch(String name, Map<String, String> properties) {
        Path executable = nativeExecutable();
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (executable == null && !Files.exists(jar)) {
            throw new IllegalStateException("no " + jar + ": run the packaging first (./mvnw verify)");
        }
        try {
            int port = freePort();
            int managementPort = freePort();
            Path log = Files.createTempFile("gateway-" + name, ".log");
            List<String> command = new ArrayList<>(List.of(
                    executable != null ? executable.toString() : Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m", "-Dquarkus.http.port=" + port, "-Dquarkus.management.port=" + managementPort));
            properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
            if (executable == null) {
                command.addAll(List.of("-jar", jar.toString()));
            }
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            return new GatewayProcess(name, port, managementPort, log, process);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the process reports itself ready on its management port (60 s at most). */
    public void awaitReady() {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < until && process.isAlive()) {
            try {
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(management("/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(100);
        }
        throw new IllegalStateException("gateway " + name + " did not become ready:\n" + log());
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** Health and metrics: on the management port, as packaged. */
    public URI management(String path) {
        return URI.create("http://localhost:" + managementPort + path);
    }

    public String base() {
        return "http://localhost:" + port;
    }

    /** What the process has logged so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** SIGKILL: the process ends at once, with no shutdown of any kind. */
    public void kill() {
        process.destroyForcibly();
        waitFor();
    }

    /** The process's exit code, or null while it runs. */
    public Integer exitCode() {
        return process.isAlive() ? null : process.exitValue();
    }

    /** SIGTERM: the process shuts down as it does in a rolling deploy. */
    public void terminate() {
        process.destroy();
        waitFor();
    }

    private void waitFor() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
