package org.corridorwatch.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.internal.bind.TypeAdapters;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

import org.corridorwatch.api.common.v1.ImportCounts;
import org.corridorwatch.api.common.v1.ImportOutcome;
import org.corridorwatch.api.common.v1.ImportResult;

import io.grpc.MethodDescriptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code import FILE}: records from a file into the service's Import method, in calls of at most
 * 500. The file is read twice: first every record is parsed, and a file with any record that does
 * not parse is refused with nothing sent; then the records are sent. Each record gets a request_id
 * derived from its content unless it has one, so importing the same file again (after a failure
 * half-way, say) writes nothing twice.
 */
@Command(name = "import", description = "Create (or with --upsert, create or update) records from FILE: NDJSON (one record per line) or a JSON array. A record is either in the Create shape ({\"incident\": {...}, \"incident_id\": ..., \"request_id\": ..., \"reason\": ...}) or a record as export writes it (its name gives its id). Refused records are listed on stderr with their field violations; the others are not affected. Try --dry-run first: it checks every record and writes nothing.")
final class ImportCommand extends ResourceCommand {

    /** The Import methods' limit of records per call. */
    static final int MAX_BATCH = 500;
    /** Bytes of records per call: under the services' 4 MiB limit of a request, with room to spare. */
    static final long MAX_BATCH_BYTES = 3L << 20;

    @Parameters(paramLabel = "FILE", description = "the records, NDJSON or a JSON array")
    Path file;

    @Option(names = "--dry-run", description = "check every record, write nothing (validate_only)")
    boolean dryRun;

    @Option(names = "--upsert", description = "update the records whose id exists to the file's values, as revisions (role admin)")
    boolean upsert;

    @Option(names = "--reason", paramLabel = "TEXT", description = "the reason kept with each revision, for records without their own (default: import of FILE)")
    String reason;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "500", description = "records per call, 1 to 500 (default: ${DEFAULT-VALUE})")
    int batchSize;

    ImportCommand(Resource resource, Terminal terminal) {
        super(resource, terminal);
    }

    /** One record of the file and where it is, for messages ("line 12", "record 12"). */
    private record Entry(String where, Message create) {
    }

    @Override
    public Integer call() {
        if (batchSize < 1 || batchSize > MAX_BATCH) {
            throw usage("--batch-size must be between 1 and " + MAX_BATCH);
        }
        if (!Files.exists(file)) {
            throw new Failures.Failure(Failures.USAGE, "no file " + file);
        }
        if (!Files.isRegularFile(file)) {
            throw new Failures.Failure(Failures.USAGE, file + " is not a regular file: save the records to a file"
                    + " first (it is read twice: checked whole, then sent)");
        }
        // Everything the command line decides is checked before the first record is sent.
        Output.Format format = formatWithoutGeoJson();
        MethodDescriptor<Message, Message> method = resource.collectionMethod("Import");
        Message.Builder prototype = Api.request(method);
        FieldDescriptor records = Api.field(prototype, "records");
        Message createPrototype = prototype.newBuilderForField(records).getDefaultInstanceForType();

        List<String> unparsable = new ArrayList<>();
        long[] total = {0};
        read(createPrototype, entry -> total[0]++, unparsable::add);
        if (!unparsable.isEmpty()) {
            unparsable.forEach(err()::println);
            throw new Failures.Failure(Failures.REFUSED, unparsable.size() + " record(s) of " + file
                    + " do not parse (above); nothing was sent");
        }
        if (total[0] == 0) {
            throw new Failures.Failure(Failures.REFUSED, file + " holds no records; nothing was sent");
        }

        PrintWriter err = err();
        Batches batches = new Batches(method, prototype, records);
        try (Api api = api(); Destination destination = destination()) {
            Progress progress = progress(resource.collection(), false);
            List<String> changed = new ArrayList<>();
            try {
                read(createPrototype, entry -> batches.add(api, entry, err, progress), changed::add);
                batches.send(api, err, progress);
            } catch (io.grpc.StatusRuntimeException e) {
                throw new Failures.Failure(Failures.exitCode(e), Failures.describe(e) + "; import stopped with "
                        + batches.sent + " of " + total[0] + " records answered (" + batches.countsText()
                        + "): importing the file again writes nothing twice");
            } finally {
                progress.finish();
            }
            if (!changed.isEmpty() || batches.sent != total[0]) {
                throw new Failures.Failure(Failures.FAILED, file + " changed while it was imported: " + total[0]
                        + " records when checked, " + batches.sent + " sent (" + batches.countsText() + ")");
            }
            Output output = output(format, batches.counts.getDescriptorForType(),
                    Flattener.of(batches.counts.getDescriptorForType()).header(), Integer.MAX_VALUE, destination);
            output.write(batches.counts.build());
            output.finish();
            destination.commit();
        }
        int refused = batches.counts.getRefused();
        if (dryRun) {
            err.println("Dry run: every record was checked, nothing was written.");
        }
        err.flush();
        return refused > 0 ? Failures.REFUSED : Failures.OK;
    }

    /**
     * Groups records into calls of at most --batch-size records and {@link #MAX_BATCH_BYTES}
     * (the services refuse a request over 4 MiB), sends them and adds up their counts; prints each
     * refused record as one line. A record refused because the service became unavailable stops
     * the import: the records after it were not tried.
     */
    private final class Batches {
        private final MethodDescriptor<Message, Message> method;
        private final Message.Builder prototype;
        private final FieldDescriptor records;
        private final List<Entry> pending = new ArrayList<>();
        private long pendingBytes;
        final ImportCounts.Builder counts = ImportCounts.newBuilder();
        long sent;

        Batches(MethodDescriptor<Message, Message> method, Message.Builder prototype, FieldDescriptor records) {
            this.method = method;
            this.prototype = prototype;
            this.records = records;
        }

        void add(Api api, Entry entry, PrintWriter err, Progress progress) {
            long size = entry.create().getSerializedSize();
            if (!pending.isEmpty() && (pending.size() == batchSize || pendingBytes + size > MAX_BATCH_BYTES)) {
                send(api, err, progress);
            }
            pending.add(entry);
            pendingBytes += size;
        }

        void send(Api api, PrintWriter err, Progress progress) {
            if (pending.isEmpty()) {
                return;
            }
            Message.Builder request = prototype.clone();
            request.setField(Api.field(request, "validate_only"), dryRun);
            FieldDescriptor mode = Api.field(request, "mode");
            request.setField(mode, mode.getEnumType().findValueByName(upsert ? "IMPORT_MODE_UPSERT" : "IMPORT_MODE_CREATE"));
            for (Entry entry : pending) {
                request.addRepeatedField(records, entry.create());
            }
            Message response = api.call(method, request.build());
            String stoppedAt = null;
            com.google.rpc.Status stoppedBy = null;
            for (Object item : (List<?>) response.getField(Api.field(response, "results"))) {
                ImportResult result = (ImportResult) item;
                if (result.getOutcome() != ImportOutcome.IMPORT_OUTCOME_REFUSED) {
                    continue;
                }
                Entry entry = pending.get(result.getIndex());
                if (Failures.exitCode(io.grpc.Status.fromCodeValue(result.getError().getCode()).getCode()) == Failures.UNAVAILABLE) {
                    if (stoppedAt == null) {
                        stoppedAt = entry.where();
                        stoppedBy = result.getError();
                    }
                    continue;
                }
                err.println(entry.where() + (result.getName().isEmpty() ? "" : " (" + result.getName() + ")") + ": "
                        + Failures.describe(result.getError()));
            }
            ImportCounts answered = (ImportCounts) response.getField(Api.field(response, "counts"));
            counts.setCreated(counts.getCreated() + answered.getCreated())
                    .setUpdated(counts.getUpdated() + answered.getUpdated())
                    .setUnchanged(counts.getUnchanged() + answered.getUnchanged())
                    .setRefused(counts.getRefused() + answered.getRefused());
            progress.add(pending.size());
            sent += pending.size();
            pending.clear();
            pendingBytes = 0;
            if (stoppedAt != null) {
                throw new Failures.Failure(Failures.UNAVAILABLE, "the service became unavailable at " + stoppedAt + ": "
                        + Failures.describe(stoppedBy) + "; import stopped (" + countsText()
                        + "; the records from there on were not written): importing the file again writes nothing twice");
            }
        }

        String countsText() {
            return counts.getCreated() + " created, " + counts.getUpdated() + " updated, " + counts.getUnchanged()
                    + " unchanged, " + counts.getRefused() + " refused";
        }
    }

    private interface EntryConsumer {
        void accept(Entry entry);
    }

    /** Reads the file's records, in order; those that do not parse go to {@code problems}. */
    private void read(Message createPrototype, EntryConsumer entries, java.util.function.Consumer<String> problems) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            reader.mark(1 << 16);
            int first;
            do {
                first = reader.read();
            } while (first != -1 && (Character.isWhitespace(first) || first == '\uFEFF'));
            reader.reset();
            reader.mark(1);
            if (reader.read() != '\uFEFF') { // a byte-order mark some editors write
                reader.reset();
            }
            if (first == '[') {
                readArray(reader, createPrototype, entries, problems);
            } else {
                String line;
                int number = 0;
                while ((line = reader.readLine()) != null) {
                    number++;
                    if (!line.isBlank()) {
                        parse("line " + number, line, createPrototype, entries, problems);
                    }
                }
            }
        } catch (IOException e) {
            throw new Failures.Failure(Failures.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private void readArray(Reader reader, Message createPrototype, EntryConsumer entries,
            java.util.function.Consumer<String> problems) throws IOException {
        JsonReader json = new JsonReader(reader);
        json.setStrictness(Strictness.STRICT);
        try {
            json.beginArray();
            int number = 0;
            while (json.hasNext()) {
                number++;
                JsonElement element = TypeAdapters.JSON_ELEMENT.read(json);
                parse("record " + number, element.toString(), createPrototype, entries, problems);
            }
            json.endArray();
            if (json.peek() != JsonToken.END_DOCUMENT) {
                problems.accept(file + ": more after the array");
            }
        } catch (IOException | JsonParseException | IllegalStateException e) {
            problems.accept(file + ": not a JSON array of records: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Strict JSON (no single quotes, unquoted names or comments), with nothing after it. */
    private static JsonElement strictJson(String text) throws IOException {
        JsonReader reader = new JsonReader(new java.io.StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        JsonElement element = TypeAdapters.JSON_ELEMENT.read(reader);
        if (reader.peek() != JsonToken.END_DOCUMENT) {
            throw new JsonParseException("more after the record");
        }
        return element;
    }

    /** One record in the Create shape, or as export writes it, to the Create request. */
    private void parse(String where, String json, Message createPrototype, EntryConsumer entries,
            java.util.function.Consumer<String> problems) {
        Message.Builder create = createPrototype.newBuilderForType();
        FieldDescriptor recordField = Api.field(create, resource.singular());
        try {
            JsonObject object = strictJson(json).getAsJsonObject();
            if (object.has(resource.singular())) {
                JsonFormat.parser().merge(json, create);
            } else {
                Message.Builder record = create.newBuilderForField(recordField);
                JsonFormat.parser().merge(json, record);
                create.setField(recordField, record.build());
                String name = (String) record.getField(Api.field(record, "name"));
                if (!name.isEmpty()) {
                    if (!name.startsWith(resource.collection() + "/") || name.contains("@")) {
                        problems.accept(where + ": name \"" + name + "\" is not one of " + resource.collection() + "/{id}");
                        return;
                    }
                    create.setField(Api.field(create, resource.singular() + "_id"),
                            name.substring(resource.collection().length() + 1));
                }
            }
        } catch (IOException | JsonParseException | IllegalStateException e) {
            problems.accept(where + ": not a valid " + resource.singular() + " record: "
                    + e.getMessage().lines().findFirst().orElse(""));
            return;
        }
        FieldDescriptor requestId = Api.field(create, "request_id");
        if (((String) create.getField(requestId)).isEmpty()) {
            // The same record gets the same request_id in every run of the same mode, so a retried
            // import writes nothing twice; a record without id also by its place in the file, so two
            // equal records without ids are two records.
            boolean hasId = !((String) create.getField(Api.field(create, resource.singular() + "_id"))).isEmpty();
            byte[] salt = ("corridorwatch import " + (upsert ? "upsert " : "create ") + (hasId ? "" : where + " "))
                    .getBytes(StandardCharsets.UTF_8);
            byte[] content = create.build().toByteArray();
            byte[] all = java.util.Arrays.copyOf(salt, salt.length + content.length);
            System.arraycopy(content, 0, all, salt.length, content.length);
            create.setField(requestId, UUID.nameUUIDFromBytes(all).toString());
        }
        FieldDescriptor reasonField = Api.field(create, "reason");
        if (((String) create.getField(reasonField)).isEmpty()) {
            create.setField(reasonField, reason != null ? reason : "import of " + file.getFileName());
        }
        entries.accept(new Entry(where, create.build()));
    }
}
