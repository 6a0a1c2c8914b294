package org.corridorwatch.support.export;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import jakarta.enterprise.context.ApplicationScoped;

import org.corridorwatch.api.common.v1.ImportCounts;
import org.corridorwatch.api.common.v1.ImportMode;
import org.corridorwatch.api.common.v1.ImportOutcome;
import org.corridorwatch.api.common.v1.ImportResult;
import org.corridorwatch.support.auth.Caller;
import org.corridorwatch.support.auth.Roles;
import org.corridorwatch.support.errors.GrpcErrorMapper;
import org.corridorwatch.support.errors.InvalidArgumentException;
import org.corridorwatch.support.errors.PermissionDeniedException;
import org.corridorwatch.support.resources.StandardMethods;
import org.corridorwatch.support.resources.StandardMethods.Imported;
import org.corridorwatch.support.validation.Violations;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Message;

import io.grpc.Context;
import io.grpc.Status;

/**
 * {@code Import<Resources>} (issue 15), written once: a batch of records in the Create shape, each
 * imported on its own (StandardMethods.importRecord: its own checks and transaction), so that one
 * bad record never drops another; each refusal is reported with the status, and its details, that
 * the single call would have failed with (mapped by the central GrpcErrorMapper, as for any call).
 * Batched unary rather than client-streaming: a batch is retried as a whole (each record's
 * request_id makes that safe), every client can send one, and the answer is one message.
 */
@ApplicationScoped
public class Imports {

    /** The most records one call takes: a larger file goes in several calls. */
    public static final int MAX_RECORDS = 500;

    private final GrpcErrorMapper errors;

    public Imports(GrpcErrorMapper errors) {
        this.errors = errors;
    }

    /**
     * Answers an {@code Import<Resources>} request ({@code records}, {@code validate_only},
     * {@code mode}) in {@code response}'s type ({@code results}, {@code counts}).
     *
     * @param create the resource's own Create, with a validate-only switch
     */
    @SuppressWarnings("unchecked")
    public <R extends Message, P extends Message> R importRecords(StandardMethods<?, P, ?> resource, Message request,
            R response, BiFunction<Message, Boolean, P> create) {
        List<Message> records = (List<Message>) field(request, "records");
        boolean validateOnly = (Boolean) field(request, "validate_only");
        ImportMode mode = ImportMode.forNumber(((EnumValueDescriptor) field(request, "mode")).getNumber());
        Violations violations = new Violations();
        if (records.isEmpty()) {
            violations.add("records", "must hold at least one record");
        } else if (records.size() > MAX_RECORDS) {
            violations.add("records", "must hold at most " + MAX_RECORDS + " records: send a larger file in several calls");
        }
        if (mode == null) {
            violations.add("mode", "must be one of the ImportMode values");
        }
        violations.throwIfAny();
        boolean upsert = mode == ImportMode.IMPORT_MODE_UPSERT;
        if (upsert && !Caller.find().map(caller -> Roles.grants(caller.roles(), Roles.ADMIN)).orElse(false)) {
            throw PermissionDeniedException.missingRole(request.getDescriptorForType().getName()
                    + " with mode IMPORT_MODE_UPSERT", Roles.ADMIN);
        }

        Message.Builder answer = response.newBuilderForType();
        ImportCounts.Builder counts = ImportCounts.newBuilder();
        Map<String, Integer> firstWithId = new HashMap<>();
        com.google.rpc.Status unavailable = null;
        for (int i = 0; i < records.size(); i++) {
            ImportResult.Builder result = ImportResult.newBuilder().setIndex(i);
            String id = (String) field(records.get(i), resource.idField());
            Integer first = id.isEmpty() ? null : firstWithId.putIfAbsent(id, i);
            if (unavailable == null && Context.current().isCancelled()) {
                unavailable = errors.toRpcStatus(Status.CANCELLED.asRuntimeException());
            }
            if (unavailable != null) {
                // Not tried: what stopped the import would stop these too. Retrying the batch is safe.
                result.setOutcome(ImportOutcome.IMPORT_OUTCOME_REFUSED).setError(unavailable);
            } else if (first != null) {
                result.setOutcome(ImportOutcome.IMPORT_OUTCOME_REFUSED).setError(errors.toRpcStatus(
                        new InvalidArgumentException(new Violations().add(resource.idField(), "is the id of record "
                                + first + " of this batch too: one record per id in a batch").list())));
            } else {
                try {
                    Imported imported = resource.importRecord(records.get(i), validateOnly, upsert, create);
                    result.setOutcome(imported.outcome()).setName(imported.name());
                } catch (RuntimeException refused) {
                    com.google.rpc.Status status = errors.toRpcStatus(refused);
                    result.setOutcome(ImportOutcome.IMPORT_OUTCOME_REFUSED).setError(status);
                    if (status.getCode() == Status.Code.UNAVAILABLE.value()) {
                        unavailable = status; // the database or a referenced service is gone: stop trying
                    }
                }
            }
            switch (result.getOutcome()) {
                case IMPORT_OUTCOME_CREATED -> counts.setCreated(counts.getCreated() + 1);
                case IMPORT_OUTCOME_UPDATED -> counts.setUpdated(counts.getUpdated() + 1);
                case IMPORT_OUTCOME_UNCHANGED -> counts.setUnchanged(counts.getUnchanged() + 1);
                default -> counts.setRefused(counts.getRefused() + 1);
            }
            answer.addRepeatedField(answer.getDescriptorForType().findFieldByName("results"), result.build());
        }
        answer.setField(answer.getDescriptorForType().findFieldByName("counts"), counts.build());
        return (R) answer.build();
    }

    private static Object field(Message message, String name) {
        return message.getField(message.getDescriptorForType().findFieldByName(name));
    }
}
