package org.corridorwatch.cli;

import java.util.List;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;

import io.grpc.MethodDescriptor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands that read with request-response calls: list, search, get, summarize, history, timeline. */
final class ReadCommands {

    private ReadCommands() {
    }

    /** Rows per page asked of the service by paged commands. */
    static final int PAGE_SIZE = 200;

    /** What a paged command shares: --limit, and the walk over the pages. */
    abstract static class Paged extends ResourceCommand {
        @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
                description = "at most N rows (default: ${DEFAULT-VALUE}; 0 for all: for everything, export is faster)")
        long limit;

        Paged(Resource resource, Terminal terminal) {
            super(resource, terminal);
        }

        /**
         * Calls {@code method} page after page until the last page or --limit, writing the items of
         * the response's repeated field {@code itemsField} in {@code format} (the table with
         * {@code tableColumns}); says on stderr when --limit left rows out.
         */
        void pages(MethodDescriptor<Message, Message> method, Message.Builder request, String itemsField,
                List<String> tableColumns) {
            if (limit < 0) {
                throw usage("--limit must be 0 (all) or more");
            }
            Output.Format format = itemsField.equals(resource.collection()) ? format() : formatWithoutGeoJson();
            long written = 0;
            boolean more;
            try (Api api = api(); Destination destination = destination()) {
                String token = "";
                Output output = null;
                do {
                    long remaining = limit == 0 ? PAGE_SIZE : Math.min(PAGE_SIZE, limit - written);
                    request.setField(Api.field(request, "page_size"), (int) remaining);
                    request.setField(Api.field(request, "page_token"), token);
                    Message response = api.call(method, request.build());
                    FieldDescriptor items = Api.field(response, itemsField);
                    if (output == null) {
                        output = output(format, items.getMessageType(), tableColumns, Integer.MAX_VALUE, destination);
                    }
                    for (Object item : (List<?>) response.getField(items)) {
                        output.write((Message) item);
                        written++;
                    }
                    token = (String) response.getField(Api.field(response, "next_page_token"));
                    more = !token.isEmpty();
                } while (more && (limit == 0 || written < limit));
                output.finish();
                destination.commit();
            }
            if (more && !outputOptions.quiet) {
                err().println("(first " + written + " shown; --limit N for more, --limit 0 for all)");
            }
        }
    }

    @Command(name = "list", description = "List records, newest first unless --order-by says otherwise.")
    static final class ListCommand extends Paged {
        @Option(names = "--order-by", paramLabel = "ORDER", description = "the List method's order_by, e.g. \"occurred_date desc\"")
        String orderBy;

        @Mixin
        ReadTime readTime;

        ListCommand(Resource resource, Terminal terminal) {
            super(resource, terminal);
        }

        @Override
        public Integer call() {
            MethodDescriptor<Message, Message> method = resource.collectionMethod("List");
            Message.Builder request = Api.request(method);
            setFilter(request);
            if (orderBy != null) {
                request.setField(Api.field(request, "order_by"), orderBy);
            }
            setReadTime(request, readTime(readTime));
            pages(method, request, resource.collection(), resource.tableColumns());
            return Failures.OK;
        }
    }

    @Command(name = "search", description = "Records whose words match QUERY (free text), with the list filters.")
    static final class SearchCommand extends Paged {
        @Parameters(paramLabel = "QUERY", arity = "1..*", description = "words to look for (quoted or not)")
        List<String> words;

        SearchCommand(Resource resource, Terminal terminal) {
            super(resource, terminal);
        }

        @Override
        public Integer call() {
            String query = String.join(" ", words);
            if (spec.findOption("--query") != null && spec.findOption("--query").getValue() != null) {
                throw usage("search takes its words as QUERY: leave out --query");
            }
            if (resource.searchMethod() == null) {
                // Free text is a filter of the List method (IncidentFilter.query, DealFilter.query).
                MethodDescriptor<Message, Message> method = resource.collectionMethod("List");
                Message.Builder request = Api.request(method);
                setFilter(request);
                Message.Builder filter = ((Message) request.getField(Api.field(request, "filter"))).toBuilder();
                filter.setField(Api.field(filter, "query"), query);
                request.setField(Api.field(request, "filter"), filter.build());
                pages(method, request, resource.collection(), resource.tableColumns());
            } else {
                MethodDescriptor<Message, Message> method = resource.method(resource.searchMethod());
                Message.Builder request = Api.request(method);
                setFilter(request);
                request.setField(Api.field(request, "query"), query);
                pages(method, request, "results", List.of("relevance", "statement.name", "statement.statement_date",
                        "statement.speaker", "snippet"));
            }
            return Failures.OK;
        }
    }

    @Command(name = "history", description = "Every revision of one record, newest first: what changed, who, why, when.")
    static final class HistoryCommand extends Paged {
        @Parameters(paramLabel = "NAME", description = "the record, e.g. incidents/dasu-2021 or dasu-2021")
        String name;

        HistoryCommand(Resource resource, Terminal terminal) {
            super(resource, terminal);
        }

        @Override
        public Integer call() {
            MethodDescriptor<Message, Message> method = resource.method("List" + resource.typeName() + "Revisions");
            Message.Builder request = Api.request(method);
            request.setField(Api.field(request, "name"), resource.fullName(name));
            pages(method, request, "revisions", List.of("revision.revision_id", "revision.commit_time",
                    "revision.change_kind", "revision.author.subject", "revision.changed_fields", "revision.reason"));
            return Failures.OK;
        }
    }

    @Command(name = "timeline", description = "The stances taken toward one topic over time, oldest first.")
    static final class TimelineCommand extends Paged {
        @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "the topic slug")
        String topic;

        @Option(names = "--country", paramLabel = "CODE", description = "only statements on behalf of this country")
        String country;

        @Option(names = "--organization", paramLabel = "NAME", description = "only statements by or on behalf of this organization")
        String organization;

        @Mixin
        ReadTime readTime;

        TimelineCommand(Resource resource, Terminal terminal) {
            super(resource, terminal);
        }

        @Override
        public Integer call() {
            MethodDescriptor<Message, Message> method = resource.method("GetPositionTimeline");
            Message.Builder request = Api.request(method);
            request.setField(Api.field(request, "topic"), topic);
            if (country != null) {
                request.setField(Api.field(request, "country_code"), country);
            }
            if (organization != null) {
                request.setField(Api.field(request, "organization"), organization);
            }
            setReadTime(request, readTime(readTime));
            pages(method, request, "entries", List.of("statement.statement_date", "stance", "statement.speaker",
                    "statement.organization", "statement.country_code", "statement.name"));
            return Failures.OK;
        }
    }

    @Command(name = "get", description = "Records by name.")
    static final class GetCommand extends ResourceCommand {
        @Parameters(paramLabel = "NAME", arity = "1..*", description = "e.g. incidents/dasu-2021 or dasu-2021; NAME@REVISION for a past revision")
        List<String> names;

        @Mixin
        ReadTime readTime;

        @Option(names = "--show-deleted", description = "also a deleted record")
        boolean showDeleted;

        GetCommand(Resource resource, Terminal terminal) {
            super(resource, terminal);
        }

        @Override
        public Integer call() {
            MethodDescriptor<Message, Message> method = resource.method("Get" + resource.typeName());
            Timestamp time = readTime(readTime);
            Output.Format format = format();
            try (Api api = api(); Destination destination = destination()) {
                Output output = output(format, resource.record(), resource.tableColumns(), Integer.MAX_VALUE, destination);
                for (String name : names) {
                    Message.Builder request = Api.request(method);
                    request.setField(Api.field(request, "name"), resource.fullName(name));
                    request.setField(Api.field(request, "show_deleted"), showDeleted);
                    setReadTime(request, time);
                    output.write(api.call(method, request.build()));
                }
                output.finish();
                destination.commit();
            }
            return Failures.OK;
        }
    }

    @Command(name = "summarize", description = "Counts (and casualties or amounts) per group; the last row, key (total), is the total.")
    static final class SummarizeCommand extends ResourceCommand {
        @Option(names = "--by", required = true, paramLabel = "GROUPING", description = "what to group by, e.g. province, year")
        String by;

        @Mixin
        ReadTime readTime;

        SummarizeCommand(Resource resource, Terminal terminal) {
            super(resource, terminal);
        }

        @Override
        public Integer call() {
            MethodDescriptor<Message, Message> method = resource.collectionMethod("Summarize");
            Message.Builder request = Api.request(method);
            FieldDescriptor groupBy = Api.field(request, "group_by");
            request.setField(groupBy, parse(groupBy, by, "--by"));
            setFilter(request);
            setReadTime(request, readTime(readTime));
            Output.Format format = formatWithoutGeoJson();
            try (Api api = api(); Destination destination = destination()) {
                Message response = api.call(method, request.build());
                FieldDescriptor groups = Api.field(response, "groups");
                Descriptor type = groups.getMessageType();
                Output output = output(format, type, Flattener.of(type).header(), Integer.MAX_VALUE, destination);
                for (Object group : (List<?>) response.getField(groups)) {
                    output.write((Message) group);
                }
                Message.Builder total = ((Message) response.getField(Api.field(response, "total"))).toBuilder();
                output.write(total.setField(Api.field(total, "key"), "(total)").build());
                output.finish();
                destination.commit();
            }
            return Failures.OK;
        }
    }

}
