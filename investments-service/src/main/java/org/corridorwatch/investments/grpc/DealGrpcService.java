package org.corridorwatch.investments.grpc;

import static org.corridorwatch.support.grpc.UseCases.call;
import static org.corridorwatch.support.grpc.UseCases.run;

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
import org.corridorwatch.investments.service.DealQueries;
import org.corridorwatch.investments.service.DealResource;
import org.corridorwatch.investments.service.DealWriter;

import com.google.protobuf.Empty;

import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * The gRPC face of investments-service: each method hands the request to a use case and returns
 * its answer. Methods run on worker threads (the use cases talk to PostgreSQL over JDBC); failures
 * go to the central GrpcErrorMapper.
 */
@GrpcService
@Blocking
public class DealGrpcService implements DealService {

    private final DealResource deals;
    private final DealQueries queries;
    private final DealWriter writer;

    public DealGrpcService(DealResource deals, DealQueries queries, DealWriter writer) {
        this.deals = deals;
        this.queries = queries;
        this.writer = writer;
    }

    @Override
    public Uni<Deal> getDeal(GetDealRequest request) {
        return call(() -> deals.get(request.getName()));
    }

    @Override
    public Uni<ListDealsResponse> listDeals(ListDealsRequest request) {
        return call(() -> deals.list(request, ListDealsResponse.getDefaultInstance()));
    }

    @Override
    public Uni<Deal> createDeal(CreateDealRequest request) {
        return call(() -> writer.create(request));
    }

    @Override
    public Uni<Deal> updateDeal(UpdateDealRequest request) {
        return call(() -> deals.update(request.getDeal(), request.getUpdateMask()));
    }

    @Override
    public Uni<Empty> deleteDeal(DeleteDealRequest request) {
        // The history goes with the deal (ON DELETE CASCADE).
        return run(() -> deals.delete(request.getName(), request.getEtag()));
    }

    @Override
    public Uni<BatchGetDealsResponse> batchGetDeals(BatchGetDealsRequest request) {
        return call(() -> deals.batchGet(request, BatchGetDealsResponse.getDefaultInstance()));
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
}
