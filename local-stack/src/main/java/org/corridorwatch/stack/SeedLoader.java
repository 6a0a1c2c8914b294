package org.corridorwatch.stack;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

import org.corridorwatch.api.diplomacy.v1.CreateStatementRequest;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc;
import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;
import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.DealServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Loads a dataset file into running services through their public gRPC API, so every record goes
 * through the same validation and reference checks as any client's. The file is JSON:
 * {@code {"deals": [CreateDealRequest...], "incidents": [CreateIncidentRequest...],
 * "statements": [CreateStatementRequest...]}}, each request in protobuf's JSON form; sections are
 * loaded in that order, so statements may cite the incidents and deals before them.
 *
 * <p>Loading is idempotent: a request without a request_id gets one derived from its content, so
 * loading the same file again returns the records the first load created instead of duplicating
 * them; a record whose chosen id is already taken by another create is reported and skipped.
 */
public final class SeedLoader {

    private static final long DEADLINE_SECONDS = 30;

    /**
     * What one load did, per section: records the services now hold from this file (created now,
     * or by an earlier load of the same record), and records skipped because their id was taken
     * by another create.
     */
    public record Result(String section, int loaded, int skipped) {
    }

    /** One section of the file: its create request type and the call that sends it. */
    private record Section(String key, String service, Message prototype, String requestIdField,
            BiFunction<ManagedChannel, Message, Message> create) {
    }

    private static final List<Section> SECTIONS = List.of(
            new Section("deals", LocalStack.INVESTMENTS, CreateDealRequest.getDefaultInstance(), "request_id",
                    (channel, request) -> DealServiceGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                            .createDeal((CreateDealRequest) request)),
            new Section("incidents", LocalStack.INCIDENTS, CreateIncidentRequest.getDefaultInstance(), "request_id",
                    (channel, request) -> IncidentServiceGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                            .createIncident((CreateIncidentRequest) request)),
            new Section("statements", LocalStack.DIPLOMACY, CreateStatementRequest.getDefaultInstance(), "request_id",
                    (channel, request) -> StatementServiceGrpc.newBlockingStub(channel)
                            .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                            .createStatement((CreateStatementRequest) request)));
    private static final Set<String> KNOWN_KEYS = Set.of("deals", "incidents", "statements");

    private SeedLoader() {
    }

    /**
     * Loads {@code file} into the services at {@code addresses} (service name → host:port), calling
     * with {@code token} (an editor's, at least). Fails on the first record a service refuses,
     * naming it and the service's message.
     */
    public static List<Result> load(Path file, Map<String, String> addresses, String token) throws IOException {
        JsonObject dataset;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            dataset = JsonParser.parseReader(reader).getAsJsonObject();
        }
        for (String key : dataset.keySet()) {
            if (!KNOWN_KEYS.contains(key) && !key.startsWith("_")) {
                throw new IllegalArgumentException(file + ": unknown section \"" + key + "\" (expected " + KNOWN_KEYS
                        + "; keys starting with _ are comments)");
            }
        }
        List<Result> results = new java.util.ArrayList<>();
        for (Section section : SECTIONS) {
            JsonArray records = dataset.has(section.key()) ? dataset.getAsJsonArray(section.key()) : new JsonArray();
            if (records.isEmpty()) {
                continue;
            }
            String address = addresses.get(section.service());
            ManagedChannel channel = ManagedChannelBuilder.forTarget(address).usePlaintext()
                    .intercept(StackTokens.bearer(token)).build();
            try {
                results.add(loadSection(section, records, channel));
            } finally {
                channel.shutdownNow();
            }
        }
        return results;
    }

    private static Result loadSection(Section section, JsonArray records, ManagedChannel channel)
            throws InvalidProtocolBufferException {
        int loaded = 0;
        int skipped = 0;
        for (int i = 0; i < records.size(); i++) {
            Message request = withRequestId(parse(section, records.get(i), i), section);
            String where = section.key() + "[" + i + "]";
            try {
                section.create().apply(channel, request);
                loaded++;
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                    throw new IllegalStateException(where + " was refused: " + e.getStatus().getCode() + " "
                            + e.getStatus().getDescription(), e);
                }
                skipped++;
            }
        }
        return new Result(section.key(), loaded, skipped);
    }

    private static Message parse(Section section, JsonElement record, int index) throws InvalidProtocolBufferException {
        Message.Builder builder = section.prototype().newBuilderForType();
        try {
            JsonFormat.parser().merge(record.toString(), builder);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidProtocolBufferException(section.key() + "[" + index + "]: " + e.getMessage());
        }
        return builder.build();
    }

    /** The request with a request_id derived from its content when it has none. */
    private static Message withRequestId(Message request, Section section) {
        FieldDescriptor field = request.getDescriptorForType().findFieldByName(section.requestIdField());
        if (!((String) request.getField(field)).isEmpty()) {
            return request;
        }
        UUID derived = UUID.nameUUIDFromBytes(concat(section.key(), request.toByteArray()));
        return request.toBuilder().setField(field, derived.toString()).build();
    }

    private static byte[] concat(String key, byte[] content) {
        byte[] prefix = ("corridorwatch-seed/" + key + "/").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[prefix.length + content.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(content, 0, all, prefix.length, content.length);
        return all;
    }
}
