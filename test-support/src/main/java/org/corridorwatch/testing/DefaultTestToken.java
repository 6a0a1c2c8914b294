package org.corridorwatch.testing;

import jakarta.enterprise.context.ApplicationScoped;

import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.quarkus.grpc.GlobalInterceptor;

/**
 * Gives every gRPC call made through a Quarkus client in a {@code @QuarkusTest} an admin token
 * when it carries no credentials, so tests about something else need not think about access.
 * Tests about access choose their own ({@code stub.withCallCredentials(TestTokens.bearer(...))},
 * or {@link TestTokens#none()}), and the service's own reference-check calls carry the service's
 * credentials: neither is touched.
 */
@GlobalInterceptor
@ApplicationScoped
public class DefaultTestToken implements ClientInterceptor {

    private final CallCredentials admin = TestTokens.bearer(TestTokens.admin());

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        return next.newCall(method, options.getCredentials() != null ? options : options.withCallCredentials(admin));
    }
}
