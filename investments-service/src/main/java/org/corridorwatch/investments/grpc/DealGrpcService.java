package org.corridorwatch.investments.grpc;

import java.util.function.Supplier;

import org.corridorwatch.investments.service.DealQueries;
import org.corridorwatch.investments.service.DealWriter;

import com.google.protobuf.Empty;

import org.corridorwatch.api.investments.v1.BatchGetDealsRequest;
import org.corridorwatch.api.investments.v1.BatchGetDealsResponse;
import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealService;
import org.corridorwatch.api.investments.v1.DeleteDealRequest;
import org.corridorwatch.api.investments.v1.GetDealRequest;
import org.corridorwatch.api.investments.v1.ListDealStatusHistoryRequest;
import org.corridorwatch.api.investments.v1.ListDealStatusHistoryResponse;
import org.corridorwatch.api.investments.v1.ListDealsRequest;
import org.corridorwatch.api.investments.v1.ListDealsResponse;
import org.corridorwatch.api.investments.v1.SummarizeDealsRequest;
import org.corridorwatch.api.investments.v1.SummarizeDealsResponse;
import org.corridorwatch.api.investments.v1.TransitionDealStatusRequest;
import org.corridorwatch.api.investments.v1.UpdateDealRequest;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * The gRPC face of investments-service: each method hands the request to a use case and returns
 * its answer. Methods run on worker threads (the use cases talk to PostgreSQL over JDBC);
 * failures go to the central GrpcErrorMapper.
 */
@GrpcService
@Blocking
public class DealGrpcService implements DealService {

    private final DealQueries queries;
    private final DealWriter writer;

    public DealGrpcService(DealQueries queries, DealWriter writer) {
        this.queries = queries;
        this.writer = writer;
    }

    @Override
    public Uni<Deal> getDeal(GetDealRequest request) {
        return call(() -> queries.get(request));
    }

    @Override
    public Uni<ListDealsResponse> listDeals(ListDealsRequest request) {
        return call(() -> queries.list(request));
    }

    @Override
    public Uni<Deal> createDeal(CreateDealRequest request) {
        return call(() -> writer.create(request));
    }

    @Override
    public Uni<Deal> updateDeal(UpdateDealRequest request) {
        return call(() -> writer.update(request));
    }

    @Override
    public Uni<Empty> deleteDeal(DeleteDealRequest request) {
        return call(() -> {
            writer.delete(request);
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public Uni<BatchGetDealsResponse> batchGetDeals(BatchGetDealsRequest request) {
        return call(() -> queries.batchGet(request));
    }

    @Override
    public Uni<Deal> transitionDealStatus(TransitionDealStatusRequest request) {
        return call(() -> writer.transition(request));
    }

    @Override
    public Uni<ListDealStatusHistoryResponse> listDealStatusHistory(ListDealStatusHistoryRequest request) {
        return call(() -> queries.history(request));
    }

    @Override
    public Uni<SummarizeDealsResponse> summarizeDeals(SummarizeDealsRequest request) {
        return call(() -> queries.summarize(request));
    }

    /** Runs the use case when the call is subscribed, so its exceptions become the Uni's failure. */
    private static <T> Uni<T> call(Supplier<T> useCase) {
        return Uni.createFrom().item(useCase);
    }
}
