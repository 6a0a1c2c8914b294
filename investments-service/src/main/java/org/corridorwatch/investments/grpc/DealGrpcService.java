package org.corridorwatch.investments.grpc;

import static org.corridorwatch.support.grpc.UseCases.call;
import static org.corridorwatch.support.grpc.UseCases.run;

import org.corridorwatch.api.investments.v1.BatchGetDealsRequest;
import org.corridorwatch.api.investments.v1.BatchGetDealsResponse;
import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.UndeleteDealRequest;
import org.corridorwatch.api.investments.v1.ListDealRevisionsRequest;
import org.corridorwatch.api.investments.v1.ListDealRevisionsResponse;
import org.corridorwatch.api.investments.v1.ListDealChangesRequest;
import org.corridorwatch.api.investments.v1.ListDealChangesResponse;
import org.corridorwatch.api.investments.v1.WatchDealsRequest;
import org.corridorwatch.api.investments.v1.DealChange;
import org.corridorwatch.api.investments.v1.MutinyDealServiceGrpc;
import org.corridorwatch.api.investments.v1.ExportDealsRequest;
import org.corridorwatch.api.investments.v1.ImportDealsRequest;
import org.corridorwatch.api.investments.v1.ImportDealsResponse;
import org.corridorwatch.api.investments.v1.ExportDealsResponse;
import org.corridorwatch.api.investments.v1.DealServiceGrpc;
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
import org.corridorwatch.support.export.Exports;
import org.corridorwatch.support.export.Imports;
import org.corridorwatch.support.feed.ChangeFeed;
import org.corridorwatch.support.grpc.FlowControlledMethods;

import com.google.protobuf.Empty;

import io.grpc.ServerServiceDefinition;
import io.grpc.stub.StreamObserver;
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
public class DealGrpcService extends MutinyDealServiceGrpc.DealServiceImplBase {

    private final DealResource deals;
    private final ChangeFeed feed;
    private final Exports exports;
    private final Imports imports;
    private final DealQueries queries;
    private final DealWriter writer;

    public DealGrpcService(DealResource deals, DealQueries queries, DealWriter writer, ChangeFeed feed, Exports exports,
            Imports imports) {
        this.feed = feed;
        this.exports = exports;
        this.imports = imports;
        this.deals = deals;
        this.queries = queries;
        this.writer = writer;
    }

    @Override
    public Uni<Deal> getDeal(GetDealRequest request) {
        return call(() -> deals.get(request));
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
        return call(() -> deals.update(request));
    }

    @Override
    public Uni<Empty> deleteDeal(DeleteDealRequest request) {
        return run(() -> deals.delete(request));
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

    @Override
    public Uni<Deal> undeleteDeal(UndeleteDealRequest request) {
        return call(() -> deals.undelete(request));
    }

    @Override
    public Uni<ListDealRevisionsResponse> listDealRevisions(ListDealRevisionsRequest request) {
        return call(() -> deals.listRevisions(request, ListDealRevisionsResponse.getDefaultInstance()));
    }

    @Override
    public Uni<ListDealChangesResponse> listDealChanges(ListDealChangesRequest request) {
        return call(() -> feed.listChanges(deals, request, ListDealChangesResponse.getDefaultInstance()));
    }

    @Override
    public Uni<ImportDealsResponse> importDeals(ImportDealsRequest request) {
        return call(() -> imports.importRecords(deals, request, ImportDealsResponse.getDefaultInstance(),
                (record, validateOnly) -> writer.create((CreateDealRequest) record, validateOnly)));
    }

    /** WatchDeals with gRPC flow control: bound by {@link #bindService()}, not through Mutiny. */
    public void watchDeals(WatchDealsRequest request, StreamObserver<DealChange> changes) {
        feed.watch(deals, request, DealChange.getDefaultInstance(), changes);
    }

    /** ExportDeals with gRPC flow control: bound by {@link #bindService()}, not through Mutiny. */
    public void exportDeals(ExportDealsRequest request, StreamObserver<ExportDealsResponse> records) {
        exports.export(deals, request, ExportDealsResponse.getDefaultInstance(), records);
    }

    /**
     * The generated binding, but WatchDeals and ExportDeals served through grpc-java's own streaming
     * calls: quarkus-grpc's Multi bridge requests every item at once, so a slow client would make
     * the service buffer without bound (see FlowControlledMethods).
     */
    @Override
    public ServerServiceDefinition bindService() {
        ServerServiceDefinition bound = FlowControlledMethods.bind(super.bindService(),
                DealServiceGrpc.getWatchDealsMethod(), this::watchDeals);
        return FlowControlledMethods.bind(bound, DealServiceGrpc.getExportDealsMethod(), this::exportDeals);
    }
}
