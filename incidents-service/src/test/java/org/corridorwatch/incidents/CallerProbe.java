package org.corridorwatch.incidents;

import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.GetDealRequest;
import org.corridorwatch.api.investments.v1.MutinyDealServiceGrpc;
import org.corridorwatch.support.auth.Caller;
import org.corridorwatch.support.grpc.UseCases;

import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * A test-only gRPC method that answers what a use case sees: DealService.GetDeal (a reader
 * method, so AccessControl lets readers in), served by the incidents app under test and
 * {@code @Blocking} like the services' own methods. The deal's title is the caller's subject,
 * its summary the thread and its location the display name.
 */
@GrpcService
public class CallerProbe extends MutinyDealServiceGrpc.DealServiceImplBase {

    @Override
    @Blocking
    public Uni<Deal> getDeal(GetDealRequest request) {
        return UseCases.call(() -> {
            Caller caller = Caller.current();
            return Deal.newBuilder().setName(request.getName()).setTitle(caller.subject())
                    .setSummary(Thread.currentThread().getName())
                    .setLocation(caller.displayName() == null ? "" : caller.displayName()).build();
        });
    }
}
