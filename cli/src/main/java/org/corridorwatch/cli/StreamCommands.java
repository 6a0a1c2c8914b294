package org.corridorwatch.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;

import io.grpc.MethodDescriptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The commands of the server-streaming methods: export and watch. */
final class StreamCommands {

    private StreamCommands() {
    }

    /** Rows the table of an export aligns to: its first ones (the rest cannot be held). */
    private static final int EXPORT_TABLE_ALIGN_ROWS = 100;

    @Command(name = "export", description = "Every record the filters select, from one consistent snapshot, with no cap; then, on stderr, the count, the snapshot's time and the change-feed token to watch from (export + watch keeps a copy exact).")
    static final class ExportCommand extends ResourceCommand {
        @Mixin
        ReadTime readTime;

        @Option(names = "--resume-file", paramLabel = "FILE",
                description = "write the change-feed token there, for: watch --resume-file FILE")
        Path resumeFile;

        ExportCommand(Resource resource, Terminal terminal) {
            super(resource, terminal);
        }

        @Override
        public Integer call() {
            MethodDescriptor<Message, Message> method = resource.collectionMethod("Export");
            Message.Builder request = Api.request(method);
            setFilter(request);
            setReadTime(request, readTime(readTime));
            Output.Format format = format();
            Progress progress = progress(resource.collection(), true);
            Message[] end = new Message[1];
            long[] written = {0};
            try (Api api = api(); Destination destination = destination()) {
                Output output = output(format, resource.record(), resource.tableColumns(), EXPORT_TABLE_ALIGN_ROWS,
                        destination);
                try {
                    api.stream(method, request.build(), message -> {
                        FieldDescriptor endField = Api.field(message, "end");
                        if (message.hasField(endField)) {
                            end[0] = (Message) message.getField(endField);
                            return false;
                        }
                        // A message holds a batch of records (up to 500).
                        List<?> records = (List<?>) message.getField(Api.field(message, resource.collection()));
                        for (Object record : records) {
                            output.write((Message) record);
                        }
                        written[0] += records.size();
                        progress.add(records.size());
                        // A closed pipe (export | head) or a full disk stops the export, and so its database work.
                        destination.check();
                        return true;
                    });
                } finally {
                    progress.finish();
                }
                if (end[0] == null) {
                    throw new Failures.Failure(Failures.FAILED, "the export ended without its closing message after "
                            + written[0] + " " + resource.collection() + ": the output is incomplete");
                }
                long count = (Long) end[0].getField(Api.field(end[0], "count"));
                if (count != written[0]) {
                    throw new Failures.Failure(Failures.FAILED, "the export says it sent " + count + " "
                            + resource.collection() + " but " + written[0] + " arrived: the output is incomplete");
                }
                output.finish();
                destination.commit();
            }
            long count = (Long) end[0].getField(Api.field(end[0], "count"));
            String token = (String) end[0].getField(Api.field(end[0], "resume_token"));
            Timestamp snapshot = (Timestamp) end[0].getField(Api.field(end[0], "snapshot_time"));
            if (resumeFile != null) {
                WatchCommand.saveToken(resumeFile, token);
            }
            err().println("Exported " + count + " " + resource.collection() + " as of " + Timestamps.toString(snapshot)
                    + ". Changes since: corridorwatch " + resource.collection() + " watch "
                    + (resumeFile != null ? "--resume-file " + resumeFile : "--resume-token " + token));
            err().flush();
            return Failures.OK;
        }
    }

    @Command(name = "watch", description = "Print changes as they happen (created, updated, deleted, undeleted), oldest first; runs until interrupted (or --limit). Without a token it starts with the first change ever recorded (the whole history); export --resume-file FILE gives the token of now. With --resume-file it continues after the last change it printed, also after a restart.")
    static final class WatchCommand extends ResourceCommand {
        @Option(names = "--resume-token", paramLabel = "TOKEN", description = "continue after this token (of a change, or of an export's end)")
        String resumeToken;

        @Option(names = "--resume-file", paramLabel = "FILE",
                description = "continue from the token in FILE (when it exists and --resume-token is not given), and keep the latest token there after every change")
        Path resumeFile;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "0", description = "stop after N changes (default: 0, never)")
        long limit;

        WatchCommand(Resource resource, Terminal terminal) {
            super(resource, terminal);
        }

        @Override
        public Integer call() {
            String token = resumeToken;
            if (token == null && resumeFile != null && Files.exists(resumeFile)) {
                try {
                    token = Files.readString(resumeFile, StandardCharsets.UTF_8).trim();
                } catch (IOException e) {
                    throw new Failures.Failure(Failures.USAGE, "cannot read " + resumeFile + ": " + e.getMessage());
                }
            }
            MethodDescriptor<Message, Message> method = resource.collectionMethod("Watch");
            Message.Builder request = Api.request(method);
            setFilter(request);
            if (token != null) {
                request.setField(Api.field(request, "resume_token"), token);
            }
            Output.Format format = formatWithoutGeoJson();
            if (format == Output.Format.JSON) {
                throw usage("--format json is one array, which a watch never closes: use ndjson (one change per line)");
            }
            if (limit < 0) {
                throw usage("--limit must be 0 (never stop) or more");
            }
            Descriptor changeType = ((Message) ((MethodDescriptor.PrototypeMarshaller<?>) method.getResponseMarshaller())
                    .getMessagePrototype()).getDescriptorForType();
            long[] seen = {0};
            String[] last = {token};
            try (Api api = api(); Destination destination = appendingDestination()) {
                Output output = output(format, changeType, List.of("revision.commit_time", "revision.change_kind",
                        resource.singular() + ".name", "revision.author.subject", "revision.reason"), 1, destination);
                api.stream(method, request.build(), change -> {
                    output.write(change);
                    // Printed (or the watch stops here) before the token moves past the change.
                    destination.check();
                    last[0] = (String) change.getField(Api.field(change, "resume_token"));
                    if (resumeFile != null) {
                        saveToken(resumeFile, last[0]);
                    }
                    seen[0]++;
                    return limit == 0 || seen[0] < limit;
                });
                output.finish();
                destination.commit();
            } catch (RuntimeException e) {
                if (last[0] != null && resumeFile == null) {
                    err().println("The watch stopped; continue with --resume-token " + last[0]);
                }
                throw e;
            }
            return Failures.OK;
        }

        /** Replaces the file's token in one step, so a reader never sees half a token. */
        static void saveToken(Path file, String token) {
            try {
                Path absolute = file.toAbsolutePath();
                Path temporary = absolute.resolveSibling(absolute.getFileName() + ".tmp");
                Files.writeString(temporary, token + "\n", StandardCharsets.UTF_8);
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new Failures.Failure(Failures.FAILED, "cannot write the resume token to " + file + ": " + e.getMessage());
            }
        }
    }
}
