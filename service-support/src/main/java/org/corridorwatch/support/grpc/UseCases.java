package org.corridorwatch.support.grpc;

import java.util.function.Supplier;

import com.google.protobuf.Empty;

import io.smallrye.mutiny.Uni;

/**
 * How a gRPC adapter hands a request to a use case: the use case runs when the call is subscribed
 * (on the worker thread of a {@code @Blocking} service), so its exceptions become the Uni's failure
 * and reach the central GrpcErrorMapper.
 */
public final class UseCases {

    private UseCases() {
    }

    /** The answer of {@code useCase}. */
    public static <T> Uni<T> call(Supplier<T> useCase) {
        return Uni.createFrom().item(useCase);
    }

    /** Runs {@code useCase} and answers {@code google.protobuf.Empty} (Delete, AIP-135). */
    public static Uni<Empty> run(Runnable useCase) {
        return Uni.createFrom().item(() -> {
            useCase.run();
            return Empty.getDefaultInstance();
        });
    }
}
