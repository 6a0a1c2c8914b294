package org.corridorwatch.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;

/** One service jar as the reactor built it, run in a JVM of its own, with what /proc says of it. */
final class ServiceJvm implements AutoCloseable {

    /** The JVM options local-stack (./run.sh) gives every service, one per line (a java @argfile). */
    static final String DEFAULT_JVM_OPTIONS = "deploy/service-jvm.options";

    final String name;
    final int port;
    private final Process process;

    ServiceJvm(String name, Path jar, Path jvmOptions, int port, Map<String, String> environment, Path log) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build the services first (tools/benchmark/run.sh does)");
        }
        if (!Files.isRegularFile(jvmOptions)) {
            throw new IllegalStateException(jvmOptions + " (the services' JVM options) is missing");
        }
        this.name = name;
        this.port = port;
        ProcessBuilder builder = new ProcessBuilder(command(jar, jvmOptions)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    private static List<String> command(Path jar, Path jvmOptions) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "@" + jvmOptions, "-jar", jar.toString());
    }

    /** The options in a JVM options file, for the report. */
    static String describe(Path jvmOptions) {
        try {
            return String.join(" ", Files.readAllLines(jvmOptions)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JVM options " + jvmOptions, e);
        }
    }

    void awaitServing(ManagedChannel channel, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see its log");
            }
            try {
                if (health.withDeadlineAfter(2, TimeUnit.SECONDS).check(HealthCheckRequest.getDefaultInstance())
                        .getStatus() == ServingStatus.SERVING) {
                    return;
                }
            } catch (StatusRuntimeException starting) {
                // not listening yet
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + " not SERVING within " + timeout);
            }
            Thread.sleep(250);
        }
    }

    /** Resident set size now, in MiB (VmRSS of /proc/<pid>/status). */
    long rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
            return -1;
        } catch (IOException e) {
            return -1;
        }
    }

    /** CPU time the process used so far (user + system), from its OS handle. */
    Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
