package org.corridorwatch.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Writers racing each other in a test: the same work on several threads at once. */
public final class Concurrently {

    /** The work of one thread, told which it is (0, 1, ...). */
    @FunctionalInterface
    public interface Work {
        void run(int thread) throws Exception;
    }

    private Concurrently() {
    }

    /**
     * Runs {@code work} on {@code threads} threads released together, and returns when every one
     * has finished; the first thread that failed fails the test with its error, and one still
     * running after {@code timeoutSeconds} fails it too.
     */
    public static void run(int threads, long timeoutSeconds, Work work) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            for (int thread = 0; thread < threads; thread++) {
                int t = thread;
                running.add(pool.submit(() -> {
                    start.await();
                    work.run(t);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> thread : running) {
                try {
                    thread.get(timeoutSeconds, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw new AssertionError("a concurrent writer failed: " + e.getCause(), e.getCause());
                } catch (TimeoutException e) {
                    throw new AssertionError("a concurrent writer did not finish within " + timeoutSeconds + " s", e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
