package org.corridorwatch.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;

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

        Progress progress = progress(resource.collection());
        PrintWriter err = err();
        Batches batches = new Batches(method, prototype, records);
        try (Api api = api()) {
            List<Entry> batch = new ArrayList<>();
            read(createPrototype, entry -> {
                batch.add(entry);
                if (batch.size() == batchSize) {
                    batches.send(api, batch, err);
                    progress.add(batch.size());
                    batch.clear();
                }
            }, unparsable::add);
            if (!batch.isEmpty()) {
                batches.send(api, batch, err);
                progress.add(batch.size());
            }
        } catch (io.grpc.StatusRuntimeException e) {
            progress.finish();
            err.println("stopped: " + Failures.describe(e));
            throw new Failures.Failure(Failures.exitCode(e.getStatus().getCode()), "import stopped after "
                    + batches.sent + " of " + total[0] + " records had their answer; importing the file again"
                    + " writes nothing twice");
        }
        progress.finish();
        Message.Builder counts = batches.counts;
        PrintWriter out = out();
        try (Output output = output(formatWithoutGeoJson(), counts.getDescriptorForType(),
                Flattener.of(counts.getDescriptorForType()).header(), Integer.MAX_VALUE, out)) {
            output.write(counts.build());
        }
        done(out);
        int refused = (Integer) counts.getField(Api.field(counts, "refused"));
        if (dryRun) {
            err.println("Dry run: every record was checked, nothing was written.");
        }
        err.flush();
        return refused > 0 ? Failures.REFUSED : Failures.OK;
    }

    /** Sends batches and adds up their counts; prints each refused record as one line. */
    private final class Batches {
        private final MethodDescriptor<Message, Message> method;
        private final Message.Builder prototype;
        private final FieldDescriptor records;
        Message.Builder counts;
        long sent;

        Batches(MethodDescriptor<Message, Message> method, Message.Builder prototype, FieldDescriptor records) {
            this.method = method;
            this.prototype = prototype;
            this.records = records;
        }

        void send(Api api, List<Entry> batch, PrintWriter err) {
            Message.Builder request = prototype.clone();
            request.setField(Api.field(request, "validate_only"), dryRun);
            FieldDescriptor mode = Api.field(request, "mode");
            request.setField(mode, mode.getEnumType().findValueByName(upsert ? "IMPORT_MODE_UPSERT" : "IMPORT_MODE_CREATE"));
            for (Entry entry : batch) {
                request.addRepeatedField(records, entry.create());
            }
            Message response = api.call(method, request.build());
            sent += batch.size();
            for (Object item : (List<?>) response.getField(Api.field(response, "results"))) {
                Message result = (Message) item;
                if (((com.google.protobuf.Descriptors.EnumValueDescriptor) result.getField(Api.field(result, "outcome")))
                        .getName().endsWith("REFUSED")) {
                    int index = (Integer) result.getField(Api.field(result, "index"));
                    String name = (String) result.getField(Api.field(result, "name"));
                    err.println(batch.get(index).where() + (name.isEmpty() ? "" : " (" + name + ")") + ": "
                            + Failures.describe((com.google.rpc.Status) result.getField(Api.field(result, "error"))));
                }
            }
            Message answered = (Message) response.getField(Api.field(response, "counts"));
            if (counts == null) {
                counts = answered.toBuilder();
            } else {
                for (FieldDescriptor field : answered.getDescriptorForType().getFields()) {
                    counts.setField(field, (Integer) counts.getField(field) + (Integer) answered.getField(field));
                }
            }
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
            } while (first != -1 && Character.isWhitespace(first));
            reader.reset();
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
        } catch (NoSuchFileException e) {
            throw new Failures.Failure(Failures.USAGE, "no file " + file);
        } catch (IOException e) {
            throw new Failures.Failure(Failures.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
    }

    private void readArray(Reader reader, Message createPrototype, EntryConsumer entries,
            java.util.function.Consumer<String> problems) throws IOException {
        JsonReader json = new JsonReader(reader);
        try {
            json.beginArray();
            int number = 0;
            while (json.hasNext()) {
                number++;
                JsonElement element = JsonParser.parseReader(json);
                parse("record " + number, element.toString(), createPrototype, entries, problems);
            }
            json.endArray();
            if (json.peek() != JsonToken.END_DOCUMENT) {
                problems.accept(file + ": more after the array");
            }
        } catch (JsonParseException | IllegalStateException | java.io.EOFException e) {
            problems.accept(file + ": not a JSON array of records: " + e.getMessage());
        }
    }

    /** One record in the Create shape, or as export writes it, to the Create request. */
    private void parse(String where, String json, Message createPrototype, EntryConsumer entries,
            java.util.function.Consumer<String> problems) {
        Message.Builder create = createPrototype.newBuilderForType();
        FieldDescriptor recordField = Api.field(create, resource.singular());
        try {
            JsonObject object = JsonParser.parseString(json).getAsJsonObject();
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
        } catch (InvalidProtocolBufferException | JsonParseException | IllegalStateException e) {
            problems.accept(where + ": not a valid " + resource.singular() + " record: " + e.getMessage());
            return;
        }
        FieldDescriptor requestId = Api.field(create, "request_id");
        if (((String) create.getField(requestId)).isEmpty()) {
            // The same record gets the same request_id in every run, so a retried import writes nothing twice.
            create.setField(requestId, UUID.nameUUIDFromBytes(create.build().toByteArray()).toString());
        }
        FieldDescriptor reasonField = Api.field(create, "reason");
        if (((String) create.getField(reasonField)).isEmpty()) {
            create.setField(reasonField, reason != null ? reason : "import of " + file.getFileName());
        }
        entries.accept(new Entry(where, create.build()));
    }
}
