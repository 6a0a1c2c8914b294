package org.corridorwatch.support.auth;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Singleton;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

import com.google.api.ResourceDescriptor;
import com.google.api.ResourceProto;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.Status;

/**
 * One structured line per write, on logger {@value #LOGGER}, when the call closes: who (the
 * token's issuer and subject), which RPC, which resource, and the outcome (the status code). The
 * fields are MDC entries ({@code audit.issuer}, {@code audit.subject}, {@code audit.rpc},
 * {@code audit.resource}, {@code audit.outcome}), so the JSON log formatter emits them as fields
 * that log collectors can query. Never the token.
 *
 * <p>The resource is the response's {@code name} (a Create's new record), else the request's
 * {@code name}, else the name of the resource the request carries, else the one its
 * {@code <resource>_id} would give; empty for a write refused before its request was read.
 */
@Singleton
public class AuditLog {

    public static final String LOGGER = "corridorwatch.audit";
    private static final Logger AUDIT = Logger.getLogger(LOGGER);
    private static final List<String> FIELDS = List.of("audit.issuer", "audit.subject", "audit.rpc",
            "audit.resource", "audit.outcome");

    /** Logs one write. */
    public void write(Caller caller, String rpc, String resource, Status.Code outcome) {
        String name = resource == null ? "" : resource;
        MDC.put("audit.issuer", caller.issuer());
        MDC.put("audit.subject", caller.subject());
        MDC.put("audit.rpc", rpc);
        MDC.put("audit.resource", name);
        MDC.put("audit.outcome", outcome.name());
        try {
            AUDIT.infof("%s by %s (%s) on %s: %s", rpc, caller.subject(), caller.issuer(),
                    name.isEmpty() ? "-" : name, outcome);
        } finally {
            FIELDS.forEach(MDC::remove);
        }
    }

    /** Starts the call, logging it when it closes. */
    <Q, R> ServerCall.Listener<Q> audited(Caller caller, ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        AuditedCall<Q, R> audited = new AuditedCall<>(call, caller);
        return new SimpleForwardingServerCallListener<>(next.startCall(audited, headers)) {
            @Override
            public void onMessage(Q message) {
                audited.request = message;
                super.onMessage(message);
            }

            /**
             * A client that cancels or whose deadline passes never sees close(), yet the write may
             * still commit on its worker thread: it is logged as CANCELLED, outcome unknown to the client.
             */
            @Override
            public void onCancel() {
                audited.logOnce(Status.Code.CANCELLED);
                super.onCancel();
            }
        };
    }

    private final class AuditedCall<Q, R> extends SimpleForwardingServerCall<Q, R> {

        private final Caller caller;
        private volatile Object request;
        private volatile Object response;
        private final AtomicBoolean logged = new AtomicBoolean();

        AuditedCall(ServerCall<Q, R> call, Caller caller) {
            super(call);
            this.caller = caller;
        }

        @Override
        public void sendMessage(R message) {
            response = message;
            super.sendMessage(message);
        }

        @Override
        public void close(Status status, Metadata trailers) {
            try {
                logOnce(status.getCode());
            } finally {
                super.close(status, trailers);
            }
        }

        /** Exactly one line a call, whether it closes or is cancelled first. */
        void logOnce(Status.Code outcome) {
            if (logged.compareAndSet(false, true)) {
                write(caller, getMethodDescriptor().getFullMethodName(), resourceName(request, response), outcome);
            }
        }
    }

    /** The name of the resource a write is about, or null when nothing says. */
    static String resourceName(Object request, Object response) {
        String name = stringField(response, "name");
        if (name == null) {
            name = stringField(request, "name");
        }
        if (name == null && request instanceof Message message) {
            for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
                if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE || field.isRepeated()) {
                    continue;
                }
                ResourceDescriptor resource = field.getMessageType().getOptions().getExtension(ResourceProto.resource);
                if (resource.getPatternCount() == 0) {
                    continue;
                }
                name = stringField(message.getField(field), "name");
                String id = stringField(message, field.getName() + "_id");
                if (name == null && id != null) {
                    String pattern = resource.getPattern(0);
                    name = pattern.substring(0, pattern.indexOf('/') + 1) + id;
                }
                if (name != null) {
                    break;
                }
            }
        }
        return name;
    }

    /** The message's non-empty string field of that name, or null. */
    private static String stringField(Object message, String field) {
        if (!(message instanceof Message m)) {
            return null;
        }
        FieldDescriptor descriptor = m.getDescriptorForType().findFieldByName(field);
        if (descriptor == null || descriptor.isRepeated() || descriptor.getJavaType() != FieldDescriptor.JavaType.STRING) {
            return null;
        }
        String value = (String) m.getField(descriptor);
        return value.isEmpty() ? null : value;
    }
}
