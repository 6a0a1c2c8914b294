package org.corridorwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.text.ParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import com.google.type.Date;
import com.google.type.Money;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What every command of a resource shares: the connection, the output options, the filter options
 * of its resource (added to the command when it is built, so each resource's help lists its own),
 * and the parsing of dates, times, enumeration values and money people type.
 */
abstract class ResourceCommand implements Callable<Integer> {

    /**
     * Where the services are and who calls: options of the root command that every command
     * inherits, so they may stand before or after the command's name.
     */
    static final class Connection {
        @Option(names = "--incidents-address", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT",
                defaultValue = "${env:CORRIDORWATCH_INCIDENTS_ADDRESS:-localhost:8081}",
                description = "incidents-service (default: $CORRIDORWATCH_INCIDENTS_ADDRESS, else ${DEFAULT-VALUE})")
        String incidents;

        @Option(names = "--investments-address", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT",
                defaultValue = "${env:CORRIDORWATCH_INVESTMENTS_ADDRESS:-localhost:8082}",
                description = "investments-service (default: $CORRIDORWATCH_INVESTMENTS_ADDRESS, else ${DEFAULT-VALUE})")
        String investments;

        @Option(names = "--diplomacy-address", scope = ScopeType.INHERIT, paramLabel = "HOST:PORT",
                defaultValue = "${env:CORRIDORWATCH_DIPLOMACY_ADDRESS:-localhost:8083}",
                description = "diplomacy-service (default: $CORRIDORWATCH_DIPLOMACY_ADDRESS, else ${DEFAULT-VALUE})")
        String diplomacy;

        @Option(names = "--token", scope = ScopeType.INHERIT, paramLabel = "TOKEN", defaultValue = "${env:CORRIDORWATCH_TOKEN}",
                description = "bearer token (default: $CORRIDORWATCH_TOKEN); on the local stack: corridorwatch token --role reader")
        String token;

        @Option(names = "--timeout", scope = ScopeType.INHERIT, paramLabel = "SECONDS", defaultValue = "60",
                description = "deadline of each request-response call (default: ${DEFAULT-VALUE})")
        long timeoutSeconds;
    }

    /** Where the output goes and how it looks. */
    static final class OutputOptions {
        @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
                description = "table, json, ndjson, csv or geojson (incidents' records only); default: table on a terminal, else ndjson")
        String format;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to FILE instead of stdout")
        Path output;

        @Option(names = {"-q", "--quiet"}, description = "no progress line on stderr")
        boolean quiet;
    }

    /** {@code --read-time}, of every command whose method reads the past. */
    static final class ReadTime {
        @Option(names = "--read-time", paramLabel = "TIME",
                description = "as the records stood at this RFC 3339 time, e.g. 2026-12-01T09:30:00Z (default: now)")
        String text;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions outputOptions;

    final Resource resource;
    final Terminal terminal;

    ResourceCommand(Resource resource, Terminal terminal) {
        this.resource = resource;
        this.terminal = terminal;
    }

    /** Adds the resource's filter options to {@code command}, the command of this object. */
    static void addFilterOptions(CommandSpec command, Resource resource) {
        com.google.protobuf.Descriptors.Descriptor filterType = resource.filterType();
        for (Resource.FilterOption filter : resource.filters()) {
            FieldDescriptor field = filterType.findFieldByName(filter.field());
            String label = switch (field.getJavaType()) {
                case ENUM -> field.isRepeated() ? "VALUE[,VALUE...]" : "VALUE";
                case INT -> "N";
                case MESSAGE -> field.getMessageType().equals(Date.getDescriptor()) ? "DATE" : "AMOUNT";
                default -> "TEXT";
            };
            OptionSpec.Builder option = OptionSpec.builder(filter.option()).paramLabel(label).description(filter.description());
            if (field.isRepeated()) {
                option.type(List.class).auxiliaryTypes(String.class).splitRegex(",").hideParamSyntax(true);
            } else {
                option.type(String.class);
            }
            command.addOption(option.build());
        }
    }

    /** The service's calls; close after use. */
    Api api() {
        Connection connection = ((Corridorwatch) spec.root().userObject()).connection;
        if (connection.token == null || connection.token.isBlank()) {
            throw usage("no token: pass --token TOKEN or set CORRIDORWATCH_TOKEN (on the local stack: "
                    + "export CORRIDORWATCH_TOKEN=$(cli/corridorwatch token --role reader))");
        }
        String address = switch (resource.service()) {
            case "incidents" -> connection.incidents;
            case "investments" -> connection.investments;
            default -> connection.diplomacy;
        };
        if (connection.timeoutSeconds < 1) {
            throw usage("--timeout must be 1 second or more");
        }
        try {
            return new Api(address, connection.token.trim(), connection.timeoutSeconds);
        } catch (IllegalArgumentException e) {
            throw usage("the " + resource.service() + "-service address \"" + address + "\" is not HOST:PORT");
        }
    }

    /** Sets the request's {@code filter} (List, Search, Summarize, Watch, Export) from the filter options given. */
    void setFilter(Message.Builder request) {
        FieldDescriptor filterField = Api.field(request, "filter");
        Message.Builder filter = request.newBuilderForField(filterField);
        for (Resource.FilterOption option : resource.filters()) {
            OptionSpec spec = this.spec.findOption(option.option());
            Object given = spec == null ? null : spec.getValue();
            if (given == null) {
                continue;
            }
            @SuppressWarnings("unchecked")
            List<String> values = given instanceof List<?> list ? (List<String>) list : List.of((String) given);
            FieldDescriptor field = Api.field(filter, option.field());
            for (String value : values) {
                Object parsed = parse(field, value.trim(), option.option());
                if (field.isRepeated()) {
                    filter.addRepeatedField(field, parsed);
                } else {
                    filter.setField(field, parsed);
                }
            }
        }
        request.setField(filterField, filter.build());
    }

    /** A value typed on the command line as the field's type. */
    Object parse(FieldDescriptor field, String text, String option) {
        return switch (field.getJavaType()) {
            case STRING -> text;
            case INT -> {
                try {
                    yield Integer.parseInt(text);
                } catch (NumberFormatException e) {
                    throw usage(option + " needs a whole number, not \"" + text + "\"");
                }
            }
            case ENUM -> {
                EnumValueDescriptor value = Enums.parse(field.getEnumType(), text);
                if (value == null) {
                    throw usage(option + ": \"" + text + "\" is none of " + Enums.choices(field.getEnumType()));
                }
                yield value;
            }
            case MESSAGE -> {
                if (field.getMessageType().equals(Date.getDescriptor())) {
                    yield date(text, option);
                }
                if (field.getMessageType().equals(Money.getDescriptor())) {
                    yield money(text, option);
                }
                throw new IllegalStateException("no option parses " + field.getFullName());
            }
            default -> throw new IllegalStateException("no option parses " + field.getFullName());
        };
    }

    private static final Pattern DATE = Pattern.compile("(\\d{4})(?:-(\\d{2})(?:-(\\d{2}))?)?");
    private static final Pattern MONEY = Pattern.compile("(?:([A-Za-z]{3})\\s+)?([0-9]+(?:\\.[0-9]+)?)(?:\\s+([A-Za-z]{3}))?");

    Date date(String text, String option) {
        Matcher matcher = DATE.matcher(text);
        if (!matcher.matches()) {
            throw usage(option + " needs a date like 2024, 2024-03 or 2024-03-26, not \"" + text + "\"");
        }
        Date.Builder date = Date.newBuilder().setYear(Integer.parseInt(matcher.group(1)));
        if (matcher.group(2) != null) {
            date.setMonth(Integer.parseInt(matcher.group(2)));
        }
        if (matcher.group(3) != null) {
            date.setDay(Integer.parseInt(matcher.group(3)));
        }
        return date.build();
    }

    Money money(String text, String option) {
        Matcher matcher = MONEY.matcher(text);
        String currency = matcher.matches() ? (matcher.group(1) != null ? matcher.group(1) : matcher.group(3)) : null;
        if (currency == null || (matcher.group(1) != null && matcher.group(3) != null)) {
            throw usage(option + " needs an amount and a currency like \"1000000000 USD\", not \"" + text + "\"");
        }
        BigDecimal amount = new BigDecimal(matcher.group(2));
        long units = amount.longValue();
        int nanos = amount.subtract(BigDecimal.valueOf(units)).movePointRight(9).intValue();
        return Money.newBuilder().setCurrencyCode(currency.toUpperCase(Locale.ROOT)).setUnits(units).setNanos(nanos)
                .build();
    }

    /** {@code --read-time} as a timestamp; null when not given. */
    Timestamp readTime(ReadTime option) {
        String text = option.text;
        if (text == null) {
            return null;
        }
        try {
            return Timestamps.parse(text);
        } catch (ParseException e) {
            throw usage("--read-time needs an RFC 3339 time like 2026-12-01T09:30:00Z, not \"" + text + "\"");
        }
    }

    static void setReadTime(Message.Builder request, Timestamp readTime) {
        if (readTime != null) {
            request.setField(Api.field(request, "read_time"), readTime);
        }
    }

    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * The format asked for; else the --output file's extension's (.csv, .json, .ndjson or .jsonl,
     * .geojson); else table on a terminal and NDJSON otherwise.
     */
    Output.Format format() {
        String asked = outputOptions.format;
        if (asked == null && outputOptions.output != null) {
            String file = outputOptions.output.getFileName().toString().toLowerCase(Locale.ROOT);
            asked = file.endsWith(".csv") ? "csv" : file.endsWith(".geojson") ? "geojson"
                    : file.endsWith(".json") ? "json" : "ndjson";
        }
        if (asked == null) {
            return terminal.stdout() ? Output.Format.TABLE : Output.Format.NDJSON;
        }
        try {
            Output.Format format = Output.Format.valueOf(asked.toUpperCase(Locale.ROOT));
            if (format == Output.Format.GEOJSON && !resource.hasCoordinates()) {
                throw usage("--format geojson: " + resource.collection() + " have no coordinates; use csv, json, ndjson or table");
            }
            return format;
        } catch (IllegalArgumentException e) {
            throw usage("--format must be table, json, ndjson, csv or geojson, not \"" + asked + "\"");
        }
    }

    /** Refuses GeoJSON for output that is not the resource's records (a history, a summary, a feed). */
    Output.Format formatWithoutGeoJson() {
        Output.Format format = format();
        if (format == Output.Format.GEOJSON) {
            throw usage("--format geojson is for records (list, search, get, export); use csv, json, ndjson or table");
        }
        return format;
    }

    /**
     * Where the command's output goes: stdout, or the --output file. The file is written as
     * {@code FILE.partial} beside it and moved into place only by {@link #commit()}, so a command
     * that fails (a refused call, an export cut off half-way) never leaves a file that looks
     * complete, nor empties the one that was there. With {@code append} (a watch) the file itself is
     * appended to, each change as it comes.
     */
    final class Destination implements AutoCloseable {
        final PrintWriter writer;
        private final Path partial;
        private final boolean append;
        private boolean committed;

        private Destination(boolean append) {
            this.append = append;
            Path file = outputOptions.output;
            if (file == null) {
                writer = spec.commandLine().getOut();
                partial = null;
                return;
            }
            partial = append ? file : file.resolveSibling(file.getFileName() + ".partial");
            try {
                writer = new PrintWriter(Files.newBufferedWriter(partial, StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE,
                        append ? java.nio.file.StandardOpenOption.APPEND
                                : java.nio.file.StandardOpenOption.TRUNCATE_EXISTING), false);
            } catch (IOException e) {
                throw new Failures.Failure(Failures.USAGE, "cannot write " + partial + ": " + e.getMessage());
            }
        }

        /** Whether the file appended to held something already (then a CSV has its header). */
        boolean continuesAFile() {
            try {
                return append && partial != null && Files.size(partial) > 0;
            } catch (IOException e) {
                return false;
            }
        }

        /** Fails when anything written so far was lost: a closed pipe, a full disk. */
        void check() {
            writer.flush();
            if (writer.checkError()) {
                throw new Failures.Failure(Failures.FAILED, "could not write the output to "
                        + (outputOptions.output != null ? outputOptions.output : "stdout (a closed pipe, or a full disk?)"));
            }
        }

        /** The output is complete: flushed, checked and, for a file, moved into place. */
        void commit() {
            check();
            if (partial != null) {
                writer.close();
                if (!append) {
                    try {
                        Files.move(partial, outputOptions.output, StandardCopyOption.REPLACE_EXISTING,
                                StandardCopyOption.ATOMIC_MOVE);
                    } catch (IOException e) {
                        throw new Failures.Failure(Failures.FAILED, "cannot move " + partial + " to "
                                + outputOptions.output + ": " + e.getMessage());
                    }
                }
            }
            committed = true;
        }

        /** Without {@link #commit()}, a file's partial output is deleted; an appended file keeps what it got. */
        @Override
        public void close() {
            if (partial != null && !committed) {
                writer.close();
                if (!append) {
                    try {
                        Files.deleteIfExists(partial);
                    } catch (IOException e) {
                        // Left behind, named .partial: it cannot be mistaken for the output.
                    }
                }
            }
        }
    }

    Destination destination() {
        return new Destination(false);
    }

    Destination appendingDestination() {
        return new Destination(true);
    }

    /** The output of messages of {@code type} ({@link Output#open}); GeoJSON reports records it left out on stderr. */
    Output output(Output.Format format, com.google.protobuf.Descriptors.Descriptor type, List<String> tableColumns,
            int alignRows, Destination destination) {
        return Output.open(format, type, tableColumns, alignRows, destination.writer, err(),
                destination.continuesAFile());
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /**
     * The progress line of a long command: on a terminal only, not with --quiet, and not when the
     * records themselves go to the terminal (the lines would run into each other).
     */
    Progress progress(String noun, boolean recordsToStdout) {
        return new Progress(err(), terminal.stdout() && terminal.stderr() && !outputOptions.quiet
                && !(recordsToStdout && outputOptions.output == null), noun);
    }
}
