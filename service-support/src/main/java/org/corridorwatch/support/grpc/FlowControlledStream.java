package org.corridorwatch.support.grpc;

import java.util.Collection;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.corridorwatch.support.errors.ApiException;
import org.corridorwatch.support.errors.GrpcErrorMapper;

import io.grpc.stub.ServerCallStreamObserver;

/**
 * One server stream fed from the database with gRPC flow control (a Watch, an Export): the shared
 * part. All its work (reading, sending, ending) runs in {@link #step}, on one thread of the
 * stream's executor at a time however many signals arrive (a work-in-progress counter: a signal
 * during a step makes it look again), so the observer is never called concurrently. A step that
 * has more to do at once goes to the back of the executor's queue, so one fast client cannot keep
 * a thread from the other streams.
 *
 * <p>Wire it with {@code out.setOnCancelHandler(stream::cancelled)} and
 * {@code out.setOnReadyHandler(stream::signal)}, then {@link #signal()} once.
 */
public abstract class FlowControlledStream<C> {

    protected final ServerCallStreamObserver<C> out;
    private final Executor executor;
    private final GrpcErrorMapper errors;
    private final AtomicInteger work = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ApiException endWith;

    protected FlowControlledStream(ServerCallStreamObserver<C> out, Executor executor, GrpcErrorMapper errors) {
        this.out = out;
        this.executor = executor;
        this.errors = errors;
    }

    /**
     * Sends while the client can take more ({@code out.isReady()}), doing at most one read;
     * whether there is more to do at once. Runs only while the stream is open; may end it with
     * {@link #complete()}; a failure it throws ends the stream with that failure, mapped.
     */
    protected abstract boolean step();

    /** Frees what the stream holds; called once, when it ends however it ends. */
    protected abstract void release();

    /** The answer when the executor refuses work: the service is stopping. */
    protected abstract ApiException shuttingDown();

    /**
     * Ends every stream of {@code open} (a set each removes itself from when released) with
     * {@code why}, and waits up to 2 s for them to end, so the answers reach the clients before
     * the gRPC server and the connection pool stop: at shutdown.
     */
    public static void endAll(Collection<? extends FlowControlledStream<?>> open, ApiException why) {
        for (FlowControlledStream<?> stream : open) {
            stream.end(why);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!open.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Something may have changed (new data, the client ready again, an end): look, on the executor. */
    public void signal() {
        if (work.getAndIncrement() == 0) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException stopped) {
                finish(shuttingDown());
            }
        }
    }

    /** Ends the stream with {@code why} at its next step. */
    public void end(ApiException why) {
        endWith = why;
        signal();
    }

    /** The client cancelled (or its deadline passed): forget the stream at once. */
    public void cancelled() {
        if (closed.compareAndSet(false, true)) {
            release();
        }
    }

    /** Whether the stream has ended (cancelled, failed or completed). */
    protected boolean isClosed() {
        return closed.get();
    }

    /** Ends the stream successfully (after its last message), once. */
    protected void complete() {
        if (closed.compareAndSet(false, true)) {
            release();
            out.onCompleted();
        }
    }

    private void drain() {
        int missed = 1;
        boolean more = false;
        while (true) {
            try {
                if (endWith != null) {
                    finish(endWith);
                }
                more = !closed.get() && step();
            } catch (RuntimeException e) {
                finish(e);
                more = false;
            }
            missed = work.addAndGet(-missed);
            if (missed == 0) {
                break;
            }
        }
        if (more) {
            signal();
        }
    }

    /** Ends the stream with {@code failure} (mapped by the central error mapper), once. */
    private void finish(Throwable failure) {
        if (closed.compareAndSet(false, true)) {
            release();
            try {
                out.onError(errors.toStatusException(failure));
            } catch (RuntimeException alreadyGone) {
                // The call ended meanwhile: nobody is left to tell.
            }
        }
    }
}
