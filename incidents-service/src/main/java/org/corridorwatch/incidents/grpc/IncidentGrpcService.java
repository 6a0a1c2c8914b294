package org.corridorwatch.incidents.grpc;

import static org.corridorwatch.support.grpc.UseCases.call;
import static org.corridorwatch.support.grpc.UseCases.run;

import org.corridorwatch.api.incidents.v1.BatchGetIncidentsRequest;
import org.corridorwatch.api.incidents.v1.BatchGetIncidentsResponse;
import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.DeleteIncidentRequest;
import org.corridorwatch.api.incidents.v1.GetIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.UndeleteIncidentRequest;
import org.corridorwatch.api.incidents.v1.ListIncidentRevisionsRequest;
import org.corridorwatch.api.incidents.v1.ListIncidentRevisionsResponse;
import org.corridorwatch.api.incidents.v1.ListIncidentChangesRequest;
import org.corridorwatch.api.incidents.v1.ListIncidentChangesResponse;
import org.corridorwatch.api.incidents.v1.WatchIncidentsRequest;
import org.corridorwatch.api.incidents.v1.IncidentChange;
import org.corridorwatch.api.incidents.v1.MutinyIncidentServiceGrpc;
import org.corridorwatch.api.incidents.v1.ExportIncidentsRequest;
import org.corridorwatch.api.incidents.v1.ImportIncidentsRequest;
import org.corridorwatch.api.incidents.v1.ImportIncidentsResponse;
import org.corridorwatch.api.incidents.v1.ExportIncidentsResponse;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;
import org.corridorwatch.api.incidents.v1.ListIncidentsRequest;
import org.corridorwatch.api.incidents.v1.ListIncidentsResponse;
import org.corridorwatch.api.incidents.v1.SummarizeIncidentsRequest;
import org.corridorwatch.api.incidents.v1.SummarizeIncidentsResponse;
import org.corridorwatch.api.incidents.v1.UpdateIncidentRequest;
import org.corridorwatch.incidents.service.IncidentQueries;
import org.corridorwatch.incidents.service.IncidentResource;
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
 * The gRPC face of incidents-service: each method hands the request to a use case and returns its
 * answer. Methods run on worker threads (the use cases talk to PostgreSQL over JDBC); failures go
 * to the central GrpcErrorMapper.
 */
@GrpcService
@Blocking
public class IncidentGrpcService extends MutinyIncidentServiceGrpc.IncidentServiceImplBase {

    private final IncidentResource incidents;
    private final ChangeFeed feed;
    private final Exports exports;
    private final Imports imports;
    private final IncidentQueries queries;

    public IncidentGrpcService(IncidentResource incidents, IncidentQueries queries, ChangeFeed feed, Exports exports,
            Imports imports) {
        this.feed = feed;
        this.exports = exports;
        this.imports = imports;
        this.incidents = incidents;
        this.queries = queries;
    }

    @Override
    public Uni<Incident> getIncident(GetIncidentRequest request) {
        return call(() -> incidents.get(request));
    }

    @Override
    public Uni<ListIncidentsResponse> listIncidents(ListIncidentsRequest request) {
        return call(() -> incidents.list(request, ListIncidentsResponse.getDefaultInstance()));
    }

    @Override
    public Uni<Incident> createIncident(CreateIncidentRequest request) {
        return call(() -> incidents.create(request));
    }

    @Override
    public Uni<Incident> updateIncident(UpdateIncidentRequest request) {
        return call(() -> incidents.update(request));
    }

    @Override
    public Uni<Empty> deleteIncident(DeleteIncidentRequest request) {
        return run(() -> incidents.delete(request));
    }

    @Override
    public Uni<BatchGetIncidentsResponse> batchGetIncidents(BatchGetIncidentsRequest request) {
        return call(() -> incidents.batchGet(request, BatchGetIncidentsResponse.getDefaultInstance()));
    }

    @Override
    public Uni<SummarizeIncidentsResponse> summarizeIncidents(SummarizeIncidentsRequest request) {
        return call(() -> queries.summarize(request));
    }

    @Override
    public Uni<Incident> undeleteIncident(UndeleteIncidentRequest request) {
        return call(() -> incidents.undelete(request));
    }

    @Override
    public Uni<ListIncidentRevisionsResponse> listIncidentRevisions(ListIncidentRevisionsRequest request) {
        return call(() -> incidents.listRevisions(request, ListIncidentRevisionsResponse.getDefaultInstance()));
    }

    @Override
    public Uni<ListIncidentChangesResponse> listIncidentChanges(ListIncidentChangesRequest request) {
        return call(() -> feed.listChanges(incidents, request, ListIncidentChangesResponse.getDefaultInstance()));
    }

    @Override
    public Uni<ImportIncidentsResponse> importIncidents(ImportIncidentsRequest request) {
        return call(() -> imports.importRecords(incidents, request, ImportIncidentsResponse.getDefaultInstance(),
                (record, validateOnly) -> incidents.create(record, validateOnly)));
    }

    /** WatchIncidents with gRPC flow control: bound by {@link #bindService()}, not through Mutiny. */
    public void watchIncidents(WatchIncidentsRequest request, StreamObserver<IncidentChange> changes) {
        feed.watch(incidents, request, IncidentChange.getDefaultInstance(), changes);
    }

    /** ExportIncidents with gRPC flow control: bound by {@link #bindService()}, not through Mutiny. */
    public void exportIncidents(ExportIncidentsRequest request, StreamObserver<ExportIncidentsResponse> records) {
        exports.export(incidents, request, ExportIncidentsResponse.getDefaultInstance(), records);
    }

    /**
     * The generated binding, but WatchIncidents and ExportIncidents served through grpc-java's own streaming
     * calls: quarkus-grpc's Multi bridge requests every item at once, so a slow client would make
     * the service buffer without bound (see FlowControlledMethods).
     */
    @Override
    public ServerServiceDefinition bindService() {
        ServerServiceDefinition bound = FlowControlledMethods.bind(super.bindService(),
                IncidentServiceGrpc.getWatchIncidentsMethod(), this::watchIncidents);
        return FlowControlledMethods.bind(bound, IncidentServiceGrpc.getExportIncidentsMethod(), this::exportIncidents);
    }
}
