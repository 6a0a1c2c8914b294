package org.corridorwatch.benchmark;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;

/**
 * Closed-loop load: a fixed number of calls in flight (gRPC: async calls from one client; JDBC: one
 * thread and connection per call in flight), each followed by the next as soon as it ends. A warm-up
 * of the same kind runs first and is not counted. Records every call's latency and the CPU the client
 * (this JVM) and, when given, the service used meanwhile.
 */
final class Load {

    /** What one measurement saw. */
    record Result(long calls, long errors, double seconds, long[] latencies, double clientCores,
            double serviceCores, String firstError) {

        double perSecond() {
            return calls / seconds;
        }

        double percentileMs(double p) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p / 100 * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, index))] / 1e6;
        }

        /** Service CPU per call in ms, NaN when the service was not watched. */
        double serviceCpuMsPerCall() {
            return serviceCores * seconds * 1000 / Math.max(1, calls);
        }
    }

    /** One JDBC call, on the connection of the thread making it. */
    interface JdbcCall {
        void run(Connection connection) throws Exception;
    }

    /** One blocking call (latency runs). */
    interface BlockingCall {
        void run() throws Exception;
    }

    private Load() {
    }

    /** {@code concurrency} async gRPC calls in flight for {@code duration}, after a warm-up. */
    static Result async(int concurrency, Duration warmUp, Duration duration, Supplier<ListenableFuture<?>> call,
            ServiceJvm service) throws InterruptedException {
        asyncRun(concurrency, warmUp, call, null);
        return asyncRun(concurrency, duration, call, service);
    }

    private static Result asyncRun(int concurrency, Duration duration, Supplier<ListenableFuture<?>> call,
            ServiceJvm service) throws InterruptedException {
        Recorder recorder = new Recorder(service);
        AtomicBoolean running = new AtomicBoolean(true);
        CountDownLatch stopped = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            issue(call, running, stopped, recorder);
        }
        Thread.sleep(duration.toMillis());
        running.set(false);
        Result result = recorder.result();
        if (!stopped.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("calls still in flight 120 s after the measurement ended");
        }
        return result;
    }

    private static void issue(Supplier<ListenableFuture<?>> call, AtomicBoolean running, CountDownLatch stopped,
            Recorder recorder) {
        long start = System.nanoTime();
        Futures.addCallback(call.get(), new FutureCallback<Object>() {
            @Override
            public void onSuccess(Object response) {
                next(null);
            }

            @Override
            public void onFailure(Throwable error) {
                next(error);
            }

            private void next(Throwable error) {
                recorder.record(start, error);
                if (running.get()) {
                    issue(call, running, stopped, recorder);
                } else {
                    stopped.countDown();
                }
            }
        }, MoreExecutors.directExecutor());
    }

    /** {@code concurrency} threads, each on a connection of its own, calling for {@code duration}. */
    static Result jdbc(int concurrency, Duration warmUp, Duration duration, Supplier<Connection> connections,
            JdbcCall call) throws InterruptedException {
        List<Connection> pool = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            pool.add(connections.get());
        }
        try {
            jdbcRun(pool, warmUp, call);
            return jdbcRun(pool, duration, call);
        } finally {
            for (Connection c : pool) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing after the measurement
                }
            }
        }
    }

    private static Result jdbcRun(List<Connection> pool, Duration duration, JdbcCall call)
            throws InterruptedException {
        Recorder recorder = new Recorder(null);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (Connection connection : pool) {
            Thread thread = new Thread(() -> {
                while (running.get()) {
                    long start = System.nanoTime();
                    Throwable error = null;
                    try {
                        call.run(connection);
                    } catch (Exception e) {
                        error = e;
                    }
                    recorder.record(start, error);
                }
            });
            thread.start();
            threads.add(thread);
        }
        Thread.sleep(duration.toMillis());
        running.set(false);
        Result result = recorder.result();
        for (Thread thread : threads) {
            thread.join();
        }
        return result;
    }

    /**
     * One call at a time, for latency: until {@code duration} is over and at least
     * {@code minSamples} were taken, or {@code maxSamples} were; after {@code warmUpCalls}.
     */
    static Result sequential(int warmUpCalls, Duration duration, int minSamples, int maxSamples, BlockingCall call,
            ServiceJvm service) {
        for (int i = 0; i < warmUpCalls; i++) {
            try {
                call.run();
            } catch (Exception ignored) {
                // counted in the measured calls if it persists
            }
        }
        Recorder recorder = new Recorder(service);
        long end = System.nanoTime() + duration.toNanos();
        int samples = 0;
        while (samples < maxSamples && (samples < minSamples || System.nanoTime() < end)) {
            long start = System.nanoTime();
            Throwable error = null;
            try {
                call.run();
            } catch (Exception e) {
                error = e;
            }
            recorder.record(start, error);
            samples++;
        }
        return recorder.result();
    }

    /** Latencies and errors of one measurement, and the CPU used since it began. */
    private static final class Recorder {
        private final long[] latencies = new long[4_000_000];
        private final AtomicInteger count = new AtomicInteger();
        private final AtomicLong errors = new AtomicLong();
        private final AtomicReference<String> firstError = new AtomicReference<>();
        private final long startNanos = System.nanoTime();
        private final long clientCpuStart = clientCpuNanos();
        private final ServiceJvm service;
        private final long serviceCpuStart;

        Recorder(ServiceJvm service) {
            this.service = service;
            this.serviceCpuStart = service == null ? 0 : service.cpuTime().toNanos();
        }

        void record(long start, Throwable error) {
            long latency = System.nanoTime() - start;
            if (error != null) {
                errors.incrementAndGet();
                firstError.compareAndSet(null, String.valueOf(error));
                return;
            }
            int i = count.getAndIncrement();
            if (i < latencies.length) {
                latencies[i] = latency;
            }
        }

        Result result() {
            long elapsed = System.nanoTime() - startNanos;
            int n = Math.min(count.get(), latencies.length);
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            double client = (clientCpuNanos() - clientCpuStart) / (double) elapsed;
            double serviceCores = service == null ? Double.NaN
                    : (service.cpuTime().toNanos() - serviceCpuStart) / (double) elapsed;
            return new Result(count.get(), errors.get(), elapsed / 1e9, sorted, client, serviceCores, firstError.get());
        }

        private static long clientCpuNanos() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }
}
