package org.corridorwatch.support.errors;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.grpc.Status;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Gives Vert.x's refusal of a request message over {@code quarkus.grpc.server.max-inbound-message-size}
 * the message and details every other error has. Vert.x's gRPC server answers such a request by
 * itself, before any gRPC interceptor sees the call, with a bare RESOURCE_EXHAUSTED: the client
 * learns neither why nor what the limit is. This looks at every gRPC response just before its
 * headers are written (where a call refused before any answer carries its status) and, for a
 * RESOURCE_EXHAUSTED without a message (the services send none of their own), adds "The request
 * message is larger than this service's limit of N bytes." and a {@code google.rpc.ErrorInfo} with
 * reason {@value #REASON} and {@code metadata["limit_bytes"]}.
 */
@ApplicationScoped
public class RequestTooLargeAnswer {

    public static final String REASON = "REQUEST_TOO_LARGE";
    /** Vert.x's gRPC server's own limit when the property is not set (GrpcServerOptions). */
    static final int VERTX_DEFAULT_MAX_MESSAGE_SIZE = 256 * 1024;
    /** Before every other route, so the handler is in place before the request's first byte is read. */
    private static final int ORDER = Integer.MIN_VALUE + 100;

    private final GrpcErrorMapper errors;
    private final int limitBytes;

    public RequestTooLargeAnswer(GrpcErrorMapper errors,
            @ConfigProperty(name = "quarkus.grpc.server.max-inbound-message-size",
                    defaultValue = "" + VERTX_DEFAULT_MAX_MESSAGE_SIZE) int limitBytes) {
        this.errors = errors;
        this.limitBytes = limitBytes;
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this::watch);
    }

    private void watch(RoutingContext context) {
        String contentType = context.request().getHeader("content-type");
        if (contentType != null && contentType.startsWith("application/grpc")) {
            context.addHeadersEndHandler(ignored -> explain(context.response().headers()));
        }
        context.next();
    }

    private void explain(MultiMap headers) {
        if (!Integer.toString(Status.Code.RESOURCE_EXHAUSTED.value()).equals(headers.get("grpc-status"))
                || headers.contains("grpc-message")) {
            return;
        }
        com.google.rpc.Status status = errors.toRpcStatus(new ApiException(Status.Code.RESOURCE_EXHAUSTED, REASON,
                "The request message is larger than this service's limit of " + limitBytes + " bytes.",
                Map.of("limit_bytes", Integer.toString(limitBytes)), List.of()));
        headers.set("grpc-message", GrpcMessageEncoding.encode(status.getMessage()));
        headers.set("grpc-status-details-bin", Base64.getEncoder().encodeToString(status.toByteArray()));
    }
}
