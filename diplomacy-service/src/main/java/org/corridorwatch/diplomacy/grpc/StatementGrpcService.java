package org.corridorwatch.diplomacy.grpc;

import java.util.function.Supplier;

import org.corridorwatch.diplomacy.service.StatementQueries;
import org.corridorwatch.diplomacy.service.StatementWriter;

import com.google.protobuf.Empty;

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
import org.corridorwatch.api.diplomacy.v1.StatementService;
import org.corridorwatch.api.diplomacy.v1.UpdateStatementRequest;
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
public class StatementGrpcService implements StatementService {

    private final StatementQueries queries;
    private final StatementWriter writer;

    public StatementGrpcService(StatementQueries queries, StatementWriter writer) {
        this.queries = queries;
        this.writer = writer;
    }

    @Override
    public Uni<Statement> getStatement(GetStatementRequest request) {
        return call(() -> queries.get(request));
    }

    @Override
    public Uni<ListStatementsResponse> listStatements(ListStatementsRequest request) {
        return call(() -> queries.list(request));
    }

    @Override
    public Uni<Statement> createStatement(CreateStatementRequest request) {
        return call(() -> writer.create(request));
    }

    @Override
    public Uni<Statement> updateStatement(UpdateStatementRequest request) {
        return call(() -> writer.update(request));
    }

    @Override
    public Uni<Empty> deleteStatement(DeleteStatementRequest request) {
        return call(() -> {
            writer.delete(request);
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public Uni<BatchGetStatementsResponse> batchGetStatements(BatchGetStatementsRequest request) {
        return call(() -> queries.batchGet(request));
    }

    @Override
    public Uni<SearchStatementsResponse> searchStatements(SearchStatementsRequest request) {
        return call(() -> queries.search(request));
    }

    @Override
    public Uni<GetPositionTimelineResponse> getPositionTimeline(GetPositionTimelineRequest request) {
        return call(() -> queries.timeline(request));
    }

    /** Runs the use case when the call is subscribed, so its exceptions become the Uni's failure. */
    private static <T> Uni<T> call(Supplier<T> useCase) {
        return Uni.createFrom().item(useCase);
    }
}
