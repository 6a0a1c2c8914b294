package org.corridorwatch.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.quarkus.grpc.GlobalInterceptor;

/**
 * Gives every gRPC call made through a Quarkus client in a {@code @QuarkusTest} a deadline when it
 * has none, so a server that never answers fails that one test with DEADLINE_EXCEEDED instead of
 * hanging the build. Each call gets its own deadline, counted from the call: Quarkus'
 * {@code quarkus.grpc.clients.<name>.deadline} would fix one instant for the stub's whole life, and
 * a test that waits for a database to come back outlives it. Calls that set their own deadline
 * (as the services' calls to each other do) keep it.
 *
 * <p>A bean of test-support (see its META-INF/beans.xml), so it applies in every service's tests.
 */
@GlobalInterceptor
@ApplicationScoped
public class TestCallDeadline implements ClientInterceptor {

    /** Generous: a loaded 2-core machine running several builds still answers well within it. */
    public static final Duration DEFAULT = Duration.ofSeconds(30);

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        CallOptions withDeadline = options.getDeadline() != null ? options
                : options.withDeadlineAfter(DEFAULT.toMillis(), TimeUnit.MILLISECONDS);
        return next.newCall(method, withDeadline);
    }
}
