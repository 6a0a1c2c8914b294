package org.corridorwatch.diplomacy.grpc;

import static org.corridorwatch.support.grpc.UseCases.call;
import static org.corridorwatch.support.grpc.UseCases.run;

import org.corridorwatch.api.diplomacy.v1.BatchGetStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.BatchGetStatementsResponse;
import org.corridorwatch.api.diplomacy.v1.CreateStatementRequest;
import org.corridorwatch.api.diplomacy.v1.DeleteStatementRequest;
import org.corridorwatch.api.diplomacy.v1.GetPositionTimelineRequest;
import org.corridorwatch.api.diplomacy.v1.GetPositionTimelineResponse;
import org.corridorwatch.api.diplomacy.v1.GetStatementRequest;
import org.corridorwatch.api.diplomacy.v1.ListStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.ListStatementsResponse;
import org.corridorwatch.api.diplomacy.v1.SearchStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.SearchStatementsResponse;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.UndeleteStatementRequest;
import org.corridorwatch.api.diplomacy.v1.ListStatementRevisionsRequest;
import org.corridorwatch.api.diplomacy.v1.ListStatementRevisionsResponse;
import org.corridorwatch.api.diplomacy.v1.ListStatementChangesRequest;
import org.corridorwatch.api.diplomacy.v1.ListStatementChangesResponse;
import org.corridorwatch.api.diplomacy.v1.WatchStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.StatementChange;
import org.corridorwatch.api.diplomacy.v1.MutinyStatementServiceGrpc;
import org.corridorwatch.api.diplomacy.v1.ExportStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.ImportStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.ImportStatementsResponse;
import org.corridorwatch.api.diplomacy.v1.ExportStatementsResponse;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc;
import org.corridorwatch.api.diplomacy.v1.UpdateStatementRequest;
import org.corridorwatch.diplomacy.service.StatementQueries;
import org.corridorwatch.diplomacy.service.StatementResource;
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
 * The gRPC face of diplomacy-service: each method hands the request to a use case and returns its
 * answer. Methods run on worker threads (the use cases talk to PostgreSQL over JDBC and to the
 * other services with blocking stubs); failures go to the central GrpcErrorMapper.
 */
@GrpcService
@Blocking
public class StatementGrpcService extends MutinyStatementServiceGrpc.StatementServiceImplBase {

    private final StatementResource statements;
    private final ChangeFeed feed;
    private final Exports exports;
    private final Imports imports;
    private final StatementQueries queries;

    public StatementGrpcService(StatementResource statements, StatementQueries queries, ChangeFeed feed, Exports exports,
            Imports imports) {
        this.feed = feed;
        this.exports = exports;
        this.imports = imports;
        this.statements = statements;
        this.queries = queries;
    }

    @Override
    public Uni<Statement> getStatement(GetStatementRequest request) {
        return call(() -> statements.get(request));
    }

    @Override
    public Uni<ListStatementsResponse> listStatements(ListStatementsRequest request) {
        return call(() -> statements.list(request, ListStatementsResponse.getDefaultInstance()));
    }

    @Override
    public Uni<Statement> createStatement(CreateStatementRequest request) {
        return call(() -> statements.create(request));
    }

    @Override
    public Uni<Statement> updateStatement(UpdateStatementRequest request) {
        return call(() -> statements.update(request));
    }

    @Override
    public Uni<Empty> deleteStatement(DeleteStatementRequest request) {
        return run(() -> statements.delete(request));
    }

    @Override
    public Uni<BatchGetStatementsResponse> batchGetStatements(BatchGetStatementsRequest request) {
        return call(() -> statements.batchGet(request, BatchGetStatementsResponse.getDefaultInstance()));
    }

    @Override
    public Uni<SearchStatementsResponse> searchStatements(SearchStatementsRequest request) {
        return call(() -> queries.search(request));
    }

    @Override
    public Uni<GetPositionTimelineResponse> getPositionTimeline(GetPositionTimelineRequest request) {
        return call(() -> queries.timeline(request));
    }

    @Override
    public Uni<Statement> undeleteStatement(UndeleteStatementRequest request) {
        return call(() -> statements.undelete(request));
    }

    @Override
    public Uni<ListStatementRevisionsResponse> listStatementRevisions(ListStatementRevisionsRequest request) {
        return call(() -> statements.listRevisions(request, ListStatementRevisionsResponse.getDefaultInstance()));
    }

    @Override
    public Uni<ListStatementChangesResponse> listStatementChanges(ListStatementChangesRequest request) {
        return call(() -> feed.listChanges(statements, request, ListStatementChangesResponse.getDefaultInstance()));
    }

    @Override
    public Uni<ImportStatementsResponse> importStatements(ImportStatementsRequest request) {
        return call(() -> imports.importRecords(statements, request, ImportStatementsResponse.getDefaultInstance(),
                (record, validateOnly) -> statements.create(record, validateOnly)));
    }

    /** WatchStatements with gRPC flow control: bound by {@link #bindService()}, not through Mutiny. */
    public void watchStatements(WatchStatementsRequest request, StreamObserver<StatementChange> changes) {
        feed.watch(statements, request, StatementChange.getDefaultInstance(), changes);
    }

    /** ExportStatements with gRPC flow control: bound by {@link #bindService()}, not through Mutiny. */
    public void exportStatements(ExportStatementsRequest request, StreamObserver<ExportStatementsResponse> records) {
        exports.export(statements, request, ExportStatementsResponse.getDefaultInstance(), records);
    }

    /**
     * The generated binding, but WatchStatements and ExportStatements served through grpc-java's own streaming
     * calls: quarkus-grpc's Multi bridge requests every item at once, so a slow client would make
     * the service buffer without bound (see FlowControlledMethods).
     */
    @Override
    public ServerServiceDefinition bindService() {
        ServerServiceDefinition bound = FlowControlledMethods.bind(super.bindService(),
                StatementServiceGrpc.getWatchStatementsMethod(), this::watchStatements);
        return FlowControlledMethods.bind(bound, StatementServiceGrpc.getExportStatementsMethod(), this::exportStatements);
    }
}
