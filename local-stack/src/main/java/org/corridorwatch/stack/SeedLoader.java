package org.corridorwatch.stack;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
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
import com.google.protobuf.FieldMask;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.common.v1.ImportMode;
import org.corridorwatch.api.common.v1.ImportResult;
import org.corridorwatch.api.diplomacy.v1.CreateStatementRequest;
import org.corridorwatch.api.diplomacy.v1.GetStatementRequest;
import org.corridorwatch.api.diplomacy.v1.ImportStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc;
import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.GetIncidentRequest;
import org.corridorwatch.api.incidents.v1.ImportIncidentsRequest;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;
import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealServiceGrpc;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.GetDealRequest;
import org.corridorwatch.api.investments.v1.ImportDealsRequest;
import org.corridorwatch.api.investments.v1.TransitionDealStatusRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Loads a dataset file into running services as a client of their Import methods
 * ({@code Import<Resources>} in IMPORT_MODE_UPSERT, up to 500 records a call), so every record goes
 * through the same validation and reference checks as any client's. The file is JSON:
 * {@code {"deals": [...], "incidents": [...], "statements": [...]}}, each record a create request
 * (CreateDealRequest, CreateIncidentRequest, CreateStatementRequest) in protobuf's JSON form,
 * with an id ({@code deal_id}, ...), plus two keys of the file's own (seed/README.md):
 * <ul>
 * <li>{@code corrections}: what was corrected in the record since it was first published, each
 * {@code {"fields": [...], "reason": "...", "source": Source}}; the reason of each correction
 * whose fields the update changes becomes the update's {@code reason}, so the correction is
 * explained in the record's history (RevisionInfo.reason);
 * <li>{@code transitions} (deals only): the status transitions after the starting status
 * ({@code deal.status}), in order, each a TransitionDealStatusRequest without name; the last one's
 * {@code to_status} is the deal's status as the file has it.
 * </ul>
 * Sections are loaded in that order, so statements may cite the incidents and deals before them.
 *
 * <p>Loading is an upsert, and running it again writes nothing twice:
 * <ul>
 * <li>a record the service does not have is created (reason "seed: first load");
 * <li>a record that differs ({@link SeedDiff}) is imported over the stored one, which updates
 * exactly the fields that differ, with the reasons of the corrections explaining them; an equal
 * record is not sent;
 * <li>a deal whose status is not the file's gets the file's transitions after the status it is
 * at, each with its note, after the import (which leaves the status as stored: it moves only
 * through TransitionDealStatus);
 * <li>every write carries a request_id derived from the record's id and the content written, and
 * for an update or transition the etag it starts from (UUID v3), so a retried load is answered
 * from the first attempt's revision instead of writing again; loading the same file again finds
 * the records equal and writes nothing. A record edited by hand since is set back to the file's
 * content (every field that differs).
 * <li>a record whose id is taken but cannot be read (deleted: deletes are soft, and the id stays
 * taken; the import refuses it) is reported as skipped, so deleted seed records do not come back.
 * </ul>
 */
public final class SeedLoader {

    private static final long DEADLINE_SECONDS = 30;
    /** The Import methods' limit of records per call. */
    private static final int MAX_IMPORT = 500;
    /** The reason of a create, and of an update that no correction explains. */
    public static final String FIRST_LOAD_REASON = "seed: first load";
    static final String UNEXPLAINED_UPDATE_REASON = "seed: updated to the seed file's version";
    private static final int MAX_REASON = 500;

    /**
     * What one load did, per section: records created, updated (changed content or status),
     * unchanged (already as the file has them), and skipped (id taken by a record that cannot be
     * read: deleted, or created by someone else under another request).
     */
    public record Result(String section, int created, int updated, int unchanged, int skipped) {

        /** Records the services now hold as this file has them. */
        public int loaded() {
            return created + updated + unchanged;
        }
    }

    /** One section of the file: its resource and the calls that read and import it. */
    private record Section(String key, String service, String field, String collection, Message createPrototype,
            Message importPrototype, BiFunction<ManagedChannel, String, Message> get,
            BiFunction<ManagedChannel, Message, Message> importer) {
    }

    private static final List<Section> SECTIONS = List.of(
            new Section("deals", LocalStack.INVESTMENTS, "deal", "deals", CreateDealRequest.getDefaultInstance(),
                    ImportDealsRequest.getDefaultInstance(),
                    (channel, name) -> deals(channel).getDeal(GetDealRequest.newBuilder().setName(name).build()),
                    (channel, request) -> deals(channel).importDeals((ImportDealsRequest) request)),
            new Section("incidents", LocalStack.INCIDENTS, "incident", "incidents",
                    CreateIncidentRequest.getDefaultInstance(), ImportIncidentsRequest.getDefaultInstance(),
                    (channel, name) -> incidents(channel).getIncident(GetIncidentRequest.newBuilder().setName(name)
                            .build()),
                    (channel, request) -> incidents(channel).importIncidents((ImportIncidentsRequest) request)),
            new Section("statements", LocalStack.DIPLOMACY, "statement", "statements",
                    CreateStatementRequest.getDefaultInstance(), ImportStatementsRequest.getDefaultInstance(),
                    (channel, name) -> statements(channel).getStatement(GetStatementRequest.newBuilder().setName(name)
                            .build()),
                    (channel, request) -> statements(channel).importStatements((ImportStatementsRequest) request)));
    private static final Set<String> KNOWN_KEYS = Set.of("deals", "incidents", "statements");
    /** A record's keys that are the file's own, not the create request's. */
    private static final String CORRECTIONS = "corrections";
    private static final String TRANSITIONS = "transitions";

    private SeedLoader() {
    }

    /**
     * Loads {@code file} into the services at {@code addresses} (service name → host:port), calling
     * with {@code token}, an admin's (an upsert overwrites). Fails on the first record a service
     * refuses, naming it and the service's message.
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
        List<Result> results = new ArrayList<>();
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

    /** One record of the file: its create request and the file's own parts. */
    record SeedRecord(String where, Message create, String id, List<Correction> corrections,
            List<TransitionDealStatusRequest> transitions) {
    }

    /** One entry of a record's {@code corrections}. */
    record Correction(Set<String> fields, String reason, Source source) {
    }

    private static Result loadSection(Section section, JsonArray records, ManagedChannel channel)
            throws InvalidProtocolBufferException {
        List<SeedRecord> parsed = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            parsed.add(parse(section, records.get(i), section.key() + "[" + i + "]"));
        }
        Map<String, Outcome> outcomes = new java.util.HashMap<>();
        List<SeedRecord> toImport = new ArrayList<>();
        List<Message> imports = new ArrayList<>();
        for (SeedRecord record : parsed) {
            Message write = importRecord(section, record, channel);
            if (write == null) {
                outcomes.put(record.id(), Outcome.UNCHANGED);
            } else {
                toImport.add(record);
                imports.add(write);
            }
        }
        for (int from = 0; from < imports.size(); from += MAX_IMPORT) {
            List<SeedRecord> batch = toImport.subList(from, Math.min(from + MAX_IMPORT, imports.size()));
            Message.Builder request = section.importPrototype().newBuilderForType()
                    .setField(field(section.importPrototype(), "mode"), ImportMode.IMPORT_MODE_UPSERT.getValueDescriptor());
            imports.subList(from, from + batch.size())
                    .forEach(record -> request.addRepeatedField(field(section.importPrototype(), "records"), record));
            Message response = section.importer().apply(channel, request.build());
            for (Object item : (List<?>) response.getField(field(response, "results"))) {
                ImportResult result = (ImportResult) item;
                SeedRecord record = batch.get(result.getIndex());
                outcomes.put(record.id(), outcome(record, result));
            }
        }
        for (SeedRecord record : parsed) {
            if (!record.transitions().isEmpty() && outcomes.get(record.id()) != Outcome.SKIPPED) {
                Deal deal = (Deal) section.get().apply(channel, section.collection() + "/" + record.id());
                if (transition(record, deal, channel) && outcomes.get(record.id()) == Outcome.UNCHANGED) {
                    outcomes.put(record.id(), Outcome.UPDATED);
                }
            }
        }
        return new Result(section.key(), count(outcomes, Outcome.CREATED), count(outcomes, Outcome.UPDATED),
                count(outcomes, Outcome.UNCHANGED), count(outcomes, Outcome.SKIPPED));
    }

    private static int count(Map<String, Outcome> outcomes, Outcome outcome) {
        return (int) outcomes.values().stream().filter(outcome::equals).count();
    }

    private enum Outcome {
        CREATED, UPDATED, UNCHANGED, SKIPPED
    }

    /**
     * What the import answered for the record; a refusal other than "deleted" (the id stays taken by
     * a deleted record, which the load leaves alone) fails the load, naming the record.
     */
    private static Outcome outcome(SeedRecord record, ImportResult result) {
        return switch (result.getOutcome()) {
            case IMPORT_OUTCOME_CREATED -> Outcome.CREATED;
            case IMPORT_OUTCOME_UPDATED -> Outcome.UPDATED;
            case IMPORT_OUTCOME_UNCHANGED -> Outcome.UNCHANGED;
            default -> {
                com.google.rpc.Status error = result.getError();
                if (error.getCode() == Status.Code.FAILED_PRECONDITION.value()
                        || error.getCode() == Status.Code.ALREADY_EXISTS.value()) {
                    yield Outcome.SKIPPED;
                }
                throw new IllegalStateException(record.where() + " (" + record.id() + ") was refused: "
                        + Status.Code.values()[error.getCode()] + " " + error.getMessage());
            }
        };
    }

    /**
     * The record as the upsert import should write it, or null when the service holds it as the
     * file has it already. A create's request_id comes from the record's content; an update's also
     * from the etag it starts from, so a retried load repeats it (and writes nothing twice) while a
     * later load that returns the record to earlier content, or undoes a hand edit, writes again.
     * An update's reason is that of the corrections explaining the fields that differ. A deal's
     * status is left as stored: it moves only through the file's transitions, after the import.
     */
    private static Message importRecord(Section section, SeedRecord record, ManagedChannel channel) {
        String name = section.collection() + "/" + record.id();
        Message stored = getOrNull(section, channel, name);
        byte[] content = resource(record.create(), section).toByteArray();
        Message.Builder write = record.create().toBuilder();
        if (stored == null) {
            return write.setField(field(record.create(), "request_id"),
                    requestId(section.key(), record.id(), "content", content).toString())
                    .setField(field(record.create(), "reason"), FIRST_LOAD_REASON).build();
        }
        Message seed = resource(record.create(), section).toBuilder().setField(field(stored, "name"), name).build();
        FieldMask mask = SeedDiff.between(stored, seed);
        if (mask.getPathsCount() == 0) {
            return null;
        }
        if (stored instanceof Deal deal) {
            seed = ((Deal) seed).toBuilder().setStatus(deal.getStatus()).build();
        }
        String etag = (String) stored.getField(field(stored, "etag"));
        return write.setField(field(record.create(), section.field()), seed)
                .setField(field(record.create(), "reason"), reason(record, mask))
                .setField(field(record.create(), "request_id"),
                        requestId(section.key(), record.id(), "update from " + etag, content).toString())
                .build();
    }

    /**
     * Moves the deal to the file's status through the file's transitions after the one that
     * reached its current status; whether it made any.
     */
    private static boolean transition(SeedRecord record, Deal deal, ManagedChannel channel) {
        List<DealStatus> path = new ArrayList<>();
        path.add(((CreateDealRequest) record.create()).getDeal().getStatus());
        record.transitions().forEach(t -> path.add(t.getToStatus()));
        int at = path.lastIndexOf(deal.getStatus());
        if (at == path.size() - 1) {
            return false;
        }
        if (at < 0) {
            throw new IllegalStateException(record.where() + " (" + record.id() + ") is " + deal.getStatus()
                    + ", which the file's status path " + path + " does not pass through: move it by hand");
        }
        Deal current = deal;
        for (int i = at; i < record.transitions().size(); i++) {
            TransitionDealStatusRequest step = record.transitions().get(i);
            UUID id = requestId("deals", record.id(), "transition " + i + " from " + current.getEtag(),
                    step.toByteArray());
            current = deals(channel).transitionDealStatus(step.toBuilder().setName(current.getName())
                    .setEtag(current.getEtag()).setRequestId(id.toString()).build());
        }
        return true;
    }

    /** The reasons of the corrections explaining the changed fields (all of them when none names fields). */
    static String reason(SeedRecord record, FieldMask mask) {
        Set<String> reasons = new LinkedHashSet<>();
        for (Correction correction : record.corrections()) {
            if (correction.fields().isEmpty() || mask.getPathsList().stream().anyMatch(correction.fields()::contains)) {
                reasons.add(correction.reason());
            }
        }
        String reason = reasons.isEmpty() ? UNEXPLAINED_UPDATE_REASON : String.join(" ", reasons);
        if (reason.length() > MAX_REASON) {
            throw new IllegalStateException(record.where() + ": the corrections' reasons for " + mask.getPathsList()
                    + " come to " + reason.length() + " characters, more than a reason may have (" + MAX_REASON
                    + "): shorten them");
        }
        return reason;
    }

    /** The record the service holds under {@code name}, or null when it holds none (or it is deleted). */
    private static Message getOrNull(Section section, ManagedChannel channel, String name) {
        try {
            return section.get().apply(channel, name);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    static SeedRecord parse(String sectionKey, JsonElement element, String where) throws InvalidProtocolBufferException {
        Section section = SECTIONS.stream().filter(s -> s.key().equals(sectionKey)).findFirst().orElseThrow();
        return parse(section, element, where);
    }

    private static SeedRecord parse(Section section, JsonElement element, String where)
            throws InvalidProtocolBufferException {
        JsonObject json = element.getAsJsonObject().deepCopy();
        JsonElement corrections = json.remove(CORRECTIONS);
        JsonElement transitions = json.remove(TRANSITIONS);
        if (transitions != null && !section.key().equals("deals")) {
            throw new IllegalArgumentException(where + ": only deals have \"" + TRANSITIONS + "\"");
        }
        Message.Builder builder = section.createPrototype().newBuilderForType();
        try {
            JsonFormat.parser().merge(json.toString(), builder);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidProtocolBufferException(where + ": " + e.getMessage());
        }
        Message create = builder.build();
        String id = (String) create.getField(field(create, section.field() + "_id"));
        if (id.isEmpty()) {
            throw new IllegalArgumentException(where + ": a seed record needs its " + section.field()
                    + "_id, which is how a later load finds it again");
        }
        List<Correction> parsedCorrections = new ArrayList<>();
        if (corrections != null) {
            for (JsonElement c : corrections.getAsJsonArray()) {
                parsedCorrections.add(correction(c.getAsJsonObject(), where));
            }
        }
        List<TransitionDealStatusRequest> parsedTransitions = new ArrayList<>();
        if (transitions != null) {
            for (JsonElement t : transitions.getAsJsonArray()) {
                TransitionDealStatusRequest.Builder step = TransitionDealStatusRequest.newBuilder();
                try {
                    JsonFormat.parser().merge(t.toString(), step);
                } catch (InvalidProtocolBufferException e) {
                    throw new InvalidProtocolBufferException(where + ".transitions: " + e.getMessage());
                }
                parsedTransitions.add(step.build());
            }
        }
        return new SeedRecord(where, create, id, parsedCorrections, parsedTransitions);
    }

    private static Correction correction(JsonObject json, String where) throws InvalidProtocolBufferException {
        String reason = json.has("reason") ? json.get("reason").getAsString().strip() : "";
        if (reason.isEmpty() || !json.has("source")) {
            throw new IllegalArgumentException(where + ".corrections: each correction needs a reason and a source");
        }
        Set<String> fields = new LinkedHashSet<>();
        if (json.has("fields")) {
            json.getAsJsonArray("fields").forEach(f -> fields.add(f.getAsString()));
        }
        Source.Builder source = Source.newBuilder();
        try {
            JsonFormat.parser().merge(json.get("source").toString(), source);
        } catch (InvalidProtocolBufferException e) {
            throw new InvalidProtocolBufferException(where + ".corrections source: " + e.getMessage());
        }
        return new Correction(fields, reason, source.build());
    }

    /** The resource inside a create request. */
    private static Message resource(Message create, Section section) {
        return (Message) create.getField(field(create, section.field()));
    }

    /**
     * A request_id for a write of the record: a name-based UUID (v3) of the section, the record's
     * id, what the write is, and the content it writes, so the same write always has the same id.
     */
    static UUID requestId(String section, String id, String write, byte[] content) {
        byte[] prefix = ("corridorwatch-seed/" + section + "/" + id + "/" + write + "/").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[prefix.length + content.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(content, 0, all, prefix.length, content.length);
        return UUID.nameUUIDFromBytes(all);
    }

    private static FieldDescriptor field(Message message, String name) {
        FieldDescriptor field = message.getDescriptorForType().findFieldByName(name);
        if (field == null) {
            throw new IllegalStateException(message.getDescriptorForType().getFullName() + " has no field " + name);
        }
        return field;
    }

    private static DealServiceGrpc.DealServiceBlockingStub deals(ManagedChannel channel) {
        return DealServiceGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    private static IncidentServiceGrpc.IncidentServiceBlockingStub incidents(ManagedChannel channel) {
        return IncidentServiceGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }

    private static StatementServiceGrpc.StatementServiceBlockingStub statements(ManagedChannel channel) {
        return StatementServiceGrpc.newBlockingStub(channel).withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }
}
