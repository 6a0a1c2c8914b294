package org.corridorwatch.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;

/** One service run as a child JVM from its built Quarkus application, its output in a log file. */
final class ServiceProcess {

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final String name;
    private final Path runnerJar;
    private final Path jvmOptions;
    private final Map<String, String> environment;
    private final Path logFile;
    private final int port;
    private Process process;

    ServiceProcess(String name, Path runnerJar, Path jvmOptions, int port, Map<String, String> environment,
            Path logFile) {
        this.name = name;
        this.runnerJar = runnerJar;
        this.jvmOptions = jvmOptions;
        this.port = port;
        this.environment = Map.copyOf(environment);
        this.logFile = logFile;
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    Path logFile() {
        return logFile;
    }

    synchronized void start() {
        if (!Files.isRegularFile(runnerJar)) {
            throw new IllegalStateException(runnerJar + " is missing: build first (./mvnw install -DskipTests)");
        }
        if (!Files.isRegularFile(jvmOptions)) {
            throw new IllegalStateException(jvmOptions + " (the services' JVM options) is missing");
        }
        refuseIfPortTaken();
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "@" + jvmOptions, "-jar", runnerJar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logFile.getParent());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name, e);
        }
    }

    /**
     * Fails when another process listens on the service's port already (e.g. one left over from an
     * earlier run): the readiness wait would take that one's SERVING for this service's.
     */
    private void refuseIfPortTaken() {
        try (ServerSocket probe = new ServerSocket()) {
            // As a server binds it: connections of an earlier run still in TIME_WAIT do not count.
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(port));
        } catch (IOException taken) {
            throw new IllegalStateException("Cannot start " + name + ": port " + port
                    + " is in use by another process (an earlier run still going?). Stop it, or choose other"
                    + " ports with CORRIDORWATCH_FIRST_PORT.", taken);
        }
    }

    /** Stops the service gracefully (SIGTERM), forcibly after a grace period. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Waits until the service answers SERVING on grpc.health.v1; fails if it exits or times out. */
    void awaitServing(Duration timeout) {
        awaitStatus(ServingStatus.SERVING, timeout);
    }

    /** Waits until grpc.health.v1 answers {@code expected} for the service as a whole. */
    void awaitStatus(ServingStatus expected, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
        try {
            HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
            while (true) {
                Process running;
                synchronized (this) {
                    running = process;
                }
                if (running != null && !running.isAlive()) {
                    throw new IllegalStateException(name + " exited with code " + running.exitValue() + "; see "
                            + logFile);
                }
                try {
                    if (health.withDeadlineAfter(2, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance())
                            .getStatus() == expected) {
                        return;
                    }
                } catch (StatusRuntimeException notYetListening) {
                    // still starting
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException(name + " did not report " + expected + " within " + timeout
                            + "; see " + logFile);
                }
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + name, e);
        } finally {
            channel.shutdownNow();
        }
    }

    private static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
