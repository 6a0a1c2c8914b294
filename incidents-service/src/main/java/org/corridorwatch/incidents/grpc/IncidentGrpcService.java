package org.corridorwatch.incidents.grpc;

import java.util.function.Supplier;

import org.corridorwatch.incidents.service.IncidentQueries;
import org.corridorwatch.incidents.service.IncidentWriter;

import com.google.protobuf.Empty;

import org.corridorwatch.api.incidents.v1.BatchGetIncidentsRequest;
import org.corridorwatch.api.incidents.v1.BatchGetIncidentsResponse;
import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.DeleteIncidentRequest;
import org.corridorwatch.api.incidents.v1.GetIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentService;
import org.corridorwatch.api.incidents.v1.ListIncidentsRequest;
import org.corridorwatch.api.incidents.v1.ListIncidentsResponse;
import org.corridorwatch.api.incidents.v1.SummarizeIncidentsRequest;
import org.corridorwatch.api.incidents.v1.SummarizeIncidentsResponse;
import org.corridorwatch.api.incidents.v1.UpdateIncidentRequest;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/**
 * The gRPC face of incidents-service: each method hands the request to a use case and returns its
 * answer. Methods run on worker threads (the use cases talk to PostgreSQL over JDBC); failures go
 * to the central GrpcErrorMapper.
 */
@GrpcService
@Blocking
public class IncidentGrpcService implements IncidentService {

    private final IncidentQueries queries;
    private final IncidentWriter writer;

    public IncidentGrpcService(IncidentQueries queries, IncidentWriter writer) {
        this.queries = queries;
        this.writer = writer;
    }

    @Override
    public Uni<Incident> getIncident(GetIncidentRequest request) {
        return call(() -> queries.get(request));
    }

    @Override
    public Uni<ListIncidentsResponse> listIncidents(ListIncidentsRequest request) {
        return call(() -> queries.list(request));
    }

    @Override
    public Uni<Incident> createIncident(CreateIncidentRequest request) {
        return call(() -> writer.create(request));
    }

    @Override
    public Uni<Incident> updateIncident(UpdateIncidentRequest request) {
        return call(() -> writer.update(request));
    }

    @Override
    public Uni<Empty> deleteIncident(DeleteIncidentRequest request) {
        return call(() -> {
            writer.delete(request);
            return Empty.getDefaultInstance();
        });
    }

    @Override
    public Uni<BatchGetIncidentsResponse> batchGetIncidents(BatchGetIncidentsRequest request) {
        return call(() -> queries.batchGet(request));
    }

    @Override
    public Uni<SummarizeIncidentsResponse> summarizeIncidents(SummarizeIncidentsRequest request) {
        return call(() -> queries.summarize(request));
    }

    /** Runs the use case when the call is subscribed, so its exceptions become the Uni's failure. */
    private static <T> Uni<T> call(Supplier<T> useCase) {
        return Uni.createFrom().item(useCase);
    }
}
