package org.corridorwatch.testing;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.Status;

import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** Reads the google.rpc error model a client receives, as another system would. */
public final class GrpcErrors {

    private GrpcErrors() {
    }

    /** The full google.rpc.Status sent in the trailers; fails when the server sent none. */
    public static Status status(StatusRuntimeException e) {
        Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            throw new AssertionError("The error carries no google.rpc.Status details: " + e.getStatus());
        }
        return status;
    }

    public static ErrorInfo errorInfo(StatusRuntimeException e) {
        return detail(e, ErrorInfo.class);
    }

    /** The fields named by the BadRequest's violations, sorted. */
    public static Set<String> violatedFields(StatusRuntimeException e) {
        Set<String> fields = new TreeSet<>();
        detail(e, BadRequest.class).getFieldViolationsList().forEach(v -> fields.add(v.getField()));
        return fields;
    }

    /** The one detail of the given type; fails when it is missing. */
    public static <T extends Message> T detail(StatusRuntimeException e, Class<T> type) {
        List<Any> details = status(e).getDetailsList();
        for (Any any : details) {
            if (any.is(type)) {
                try {
                    return any.unpack(type);
                } catch (InvalidProtocolBufferException bad) {
                    throw new AssertionError("Malformed " + type.getSimpleName() + " detail", bad);
                }
            }
        }
        throw new AssertionError("No " + type.getSimpleName() + " among the error details " + details);
    }
}
