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
import org.corridorwatch.api.diplomacy.v1.CreateStatementRequest;
import org.corridorwatch.api.diplomacy.v1.GetStatementRequest;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc;
import org.corridorwatch.api.diplomacy.v1.UpdateStatementRequest;
import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.GetIncidentRequest;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;
import org.corridorwatch.api.incidents.v1.UpdateIncidentRequest;
import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealServiceGrpc;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.GetDealRequest;
import org.corridorwatch.api.investments.v1.TransitionDealStatusRequest;
import org.corridorwatch.api.investments.v1.UpdateDealRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * Loads a dataset file into running services through their public gRPC API, so every record goes
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
 * <li>a record that differs is updated with an update_mask of exactly the fields that differ
 * ({@link SeedDiff}) and the corrections' reasons; an equal record is left alone;
 * <li>a deal whose status is not the file's gets the file's transitions after the status it is
 * at, each with its note;
 * <li>every write carries a request_id derived from the record's id and the content written, and
 * for an update or transition the etag it starts from (UUID v3), so a retried load is answered
 * from the first attempt's revision instead of writing again; loading the same file again finds
 * the records equal and writes nothing. A record edited by hand since is set back to the file's
 * content (every field that differs).
 * <li>a record whose id is taken but cannot be read (deleted: deletes are soft, and the id stays
 * taken) is reported as skipped, so deleted seed records do not come back.
 * </ul>
 */
public final class SeedLoader {

    private static final long DEADLINE_SECONDS = 30;
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

    /** One section of the file: its resource and the calls that read and write it. */
    private record Section(String key, String service, String field, String collection, Message createPrototype,
            Message updatePrototype, BiFunction<ManagedChannel, String, Message> get,
            BiFunction<ManagedChannel, Message, Message> create, BiFunction<ManagedChannel, Message, Message> update) {
    }

    private static final List<Section> SECTIONS = List.of(
            new Section("deals", LocalStack.INVESTMENTS, "deal", "deals", CreateDealRequest.getDefaultInstance(),
                    UpdateDealRequest.getDefaultInstance(),
                    (channel, name) -> deals(channel).getDeal(GetDealRequest.newBuilder().setName(name).build()),
                    (channel, request) -> deals(channel).createDeal((CreateDealRequest) request),
                    (channel, request) -> deals(channel).updateDeal((UpdateDealRequest) request)),
            new Section("incidents", LocalStack.INCIDENTS, "incident", "incidents",
                    CreateIncidentRequest.getDefaultInstance(), UpdateIncidentRequest.getDefaultInstance(),
                    (channel, name) -> incidents(channel).getIncident(GetIncidentRequest.newBuilder().setName(name)
                            .build()),
                    (channel, request) -> incidents(channel).createIncident((CreateIncidentRequest) request),
                    (channel, request) -> incidents(channel).updateIncident((UpdateIncidentRequest) request)),
            new Section("statements", LocalStack.DIPLOMACY, "statement", "statements",
                    CreateStatementRequest.getDefaultInstance(), UpdateStatementRequest.getDefaultInstance(),
                    (channel, name) -> statements(channel).getStatement(GetStatementRequest.newBuilder().setName(name)
                            .build()),
                    (channel, request) -> statements(channel).createStatement((CreateStatementRequest) request),
                    (channel, request) -> statements(channel).updateStatement((UpdateStatementRequest) request)));
    private static final Set<String> KNOWN_KEYS = Set.of("deals", "incidents", "statements");
    /** A record's keys that are the file's own, not the create request's. */
    private static final String CORRECTIONS = "corrections";
    private static final String TRANSITIONS = "transitions";

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
        int created = 0;
        int updated = 0;
        int unchanged = 0;
        int skipped = 0;
        for (int i = 0; i < records.size(); i++) {
            SeedRecord record = parse(section, records.get(i), section.key() + "[" + i + "]");
            try {
                switch (upsert(section, record, channel)) {
                    case CREATED -> created++;
                    case UPDATED -> updated++;
                    case UNCHANGED -> unchanged++;
                    case SKIPPED -> skipped++;
                }
            } catch (StatusRuntimeException e) {
                throw new IllegalStateException(record.where() + " (" + record.id() + ") was refused: "
                        + e.getStatus().getCode() + " " + e.getStatus().getDescription(), e);
            }
        }
        return new Result(section.key(), created, updated, unchanged, skipped);
    }

    private enum Outcome {
        CREATED, UPDATED, UNCHANGED, SKIPPED
    }

    private static Outcome upsert(Section section, SeedRecord record, ManagedChannel channel) {
        String name = section.collection() + "/" + record.id();
        Message stored = getOrNull(section, channel, name);
        Outcome outcome;
        // A create's request_id comes from the record's content; an update's also from the etag it
        // starts from, so a retried load repeats it (and writes nothing twice) while a later load
        // that returns the record to earlier content, or undoes a hand edit, writes again. An update
        // that differs from the stored record only by how the service stores a value (an incident's
        // single casualty figure comes back with its low and high set to it) writes nothing.
        byte[] content = resource(record.create(), section).toByteArray();
        String contentId = requestId(section.key(), record.id(), "content", content).toString();
        if (stored == null) {
            Message create = record.create().toBuilder()
                    .setField(field(record.create(), "request_id"), contentId)
                    .setField(field(record.create(), "reason"), FIRST_LOAD_REASON).build();
            try {
                stored = section.create().apply(channel, create);
                if (stored.hasField(field(stored, "delete_time"))) {
                    // The first load made it and it was deleted since: its request_id answered with it.
                    return Outcome.SKIPPED;
                }
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                    throw e;
                }
                return Outcome.SKIPPED;
            }
            outcome = Outcome.CREATED;
        } else {
            Message seed = resource(record.create(), section).toBuilder()
                    .setField(field(stored, "name"), name).build();
            FieldMask mask = SeedDiff.between(stored, seed);
            if (mask.getPathsCount() == 0) {
                outcome = Outcome.UNCHANGED;
            } else {
                String etag = (String) stored.getField(field(stored, "etag"));
                Message patch = seed.toBuilder().setField(field(seed, "etag"), etag).build();
                Message.Builder update = section.updatePrototype().newBuilderForType()
                        .setField(field(section.updatePrototype(), section.field()), patch)
                        .setField(field(section.updatePrototype(), "update_mask"), mask)
                        .setField(field(section.updatePrototype(), "reason"), reason(record, mask))
                        .setField(field(section.updatePrototype(), "request_id"),
                                requestId(section.key(), record.id(), "update from " + etag, content).toString());
                Message after = section.update().apply(channel, update.build());
                // The service may store a value as it normalizes it: then the update changed nothing.
                outcome = after.getField(field(after, "etag")).equals(etag) ? Outcome.UNCHANGED : Outcome.UPDATED;
                stored = after;
            }
        }
        if (stored instanceof Deal deal && !record.transitions().isEmpty() && transition(record, deal, channel)
                && outcome == Outcome.UNCHANGED) {
            outcome = Outcome.UPDATED;
        }
        return outcome;
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
