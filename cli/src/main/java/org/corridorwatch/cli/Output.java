package org.corridorwatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import com.google.type.LatLng;

/**
 * Where a command's messages go, in the format asked for: one message at a time, so an export of a
 * million records is never held in memory (but by the table, which needs its rows to align them).
 */
abstract class Output {

    /** The formats of {@code --format}. */
    enum Format {
        TABLE, JSON, NDJSON, CSV, GEOJSON
    }

    /**
     * Protobuf's JSON with the .proto field names, the same names the CSV columns use, and every
     * field, also those at their default (0, "", []), so every line of an export has the same keys.
     */
    static final JsonFormat.Printer JSON = JsonFormat.printer().preservingProtoFieldNames()
            .alwaysPrintFieldsWithNoPresence();

    protected final PrintWriter out;

    Output(PrintWriter out) {
        this.out = out;
    }

    abstract void write(Message message);

    /**
     * Ends a complete output (closes the JSON array, prints the table); does not close the writer.
     * Not called when the command fails, so a cut-off JSON or GeoJSON output does not parse.
     */
    void finish() {
        out.flush();
    }

    /**
     * The output of messages of {@code type} in {@code format}. The table shows {@code tableColumns},
     * aligned to the widest of its first {@code alignRows} rows (all of a list; the first few of an
     * export, which cannot be held in memory; one for a watch, whose rows are printed as they
     * come); GeoJSON says on {@code err} which records it left out.
     */
    static Output open(Format format, Descriptor type, List<String> tableColumns, int alignRows, PrintWriter out,
            PrintWriter err, boolean continuesAFile) {
        return switch (format) {
            case TABLE -> new Table(Flattener.of(type, tableColumns), alignRows, out);
            case JSON -> new JsonArrayOutput(out);
            case NDJSON -> new Ndjson(out);
            case CSV -> new Csv(Flattener.of(type), out, !continuesAFile);
            case GEOJSON -> new GeoJson(Flattener.of(type), out, err);
        };
    }

    private static final JsonFormat.Printer COMPACT_JSON = JSON.omittingInsignificantWhitespace();

    static String json(MessageOrBuilder message, boolean compact) {
        try {
            return compact ? COMPACT_JSON.print(message) : JSON.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), e);
        }
    }

    /** Aligned columns for people; long cells are cut with "…". */
    static final class Table extends Output {
        private static final int MAX_WIDTH = 60;
        private final Flattener flattener;
        private final int alignRows;
        private final List<List<String>> rows = new ArrayList<>();
        private int[] widths;

        Table(Flattener flattener, int alignRows, PrintWriter out) {
            super(out);
            this.flattener = flattener;
            this.alignRows = alignRows;
        }

        @Override
        void write(Message message) {
            List<String> row = flattener.row(message).stream().map(Table::cut).toList();
            if (widths != null) {
                print(row);
                out.flush();
                return;
            }
            rows.add(row);
            if (rows.size() >= alignRows) {
                printBuffered();
                out.flush();
            }
        }

        /** The header and the rows held so far, aligned to them; later rows keep those widths. */
        private void printBuffered() {
            widths = widths(rows);
            print(flattener.header());
            rows.forEach(this::print);
            rows.clear();
        }

        private static String cut(String cell) {
            String line = cell.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
            return line.length() <= MAX_WIDTH ? line : line.substring(0, MAX_WIDTH - 1) + "…";
        }

        private int[] widths(List<List<String>> sample) {
            List<String> header = flattener.header();
            int[] result = new int[header.size()];
            for (int i = 0; i < result.length; i++) {
                result[i] = header.get(i).length();
                for (List<String> row : sample) {
                    result[i] = Math.max(result[i], row.get(i).length());
                }
            }
            return result;
        }

        private void print(List<String> cells) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cells.size(); i++) {
                if (i == cells.size() - 1) {
                    line.append(cells.get(i));
                } else {
                    line.append(String.format("%-" + widths[i] + "s  ", cells.get(i)));
                }
            }
            out.println(line.toString().stripTrailing());
        }

        @Override
        void finish() {
            if (widths == null) {
                printBuffered();
            }
            super.finish();
        }
    }

    /** One JSON array of the messages. */
    static final class JsonArrayOutput extends Output {
        private boolean first = true;

        JsonArrayOutput(PrintWriter out) {
            super(out);
            out.print('[');
        }

        @Override
        void write(Message message) {
            out.print(first ? "\n" : ",\n");
            out.print(json(message, false));
            first = false;
        }

        @Override
        void finish() {
            out.println(first ? "]" : "\n]");
            super.finish();
        }
    }

    /** One compact JSON object per line (newline-delimited JSON). */
    static final class Ndjson extends Output {
        Ndjson(PrintWriter out) {
            super(out);
        }

        @Override
        void write(Message message) {
            out.println(json(message, true));
        }
    }

    /** RFC 4180 CSV with a header row, the columns of {@link Flattener}. */
    static final class Csv extends Output {
        private final Flattener flattener;
        private final CSVPrinter printer;

        Csv(Flattener flattener, PrintWriter out, boolean header) {
            super(out);
            this.flattener = flattener;
            CSVFormat.Builder format = CSVFormat.RFC4180.builder();
            if (header) {
                format.setHeader(flattener.header().toArray(String[]::new));
            }
            try {
                this.printer = new CSVPrinter(out, format.get());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        void write(Message message) {
            try {
                printer.printRecord(flattener.row(message));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        void finish() {
            try {
                printer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            super.finish();
        }
    }

    /**
     * A GeoJSON FeatureCollection (RFC 7946): each record with coordinates a Feature with a Point
     * ([longitude, latitude]), its name as id and its CSV columns as properties (numbers as numbers).
     * Records without coordinates cannot be placed: they are left out, counted, and reported on
     * stderr when the collection is complete.
     */
    static final class GeoJson extends Output {
        private final Flattener flattener;
        private final PrintWriter err;
        private boolean first = true;
        private long withoutCoordinates;
        private final List<String> examplesWithoutCoordinates = new ArrayList<>();

        GeoJson(Flattener flattener, PrintWriter out, PrintWriter err) {
            super(out);
            this.flattener = flattener;
            this.err = err;
            out.print("{\"type\":\"FeatureCollection\",\"features\":[");
        }

        @Override
        void write(Message message) {
            Message place = (Message) message.getField(Api.field(message, "place"));
            String name = (String) message.getField(Api.field(message, "name"));
            if (!place.hasField(Api.field(place, "location"))) {
                withoutCoordinates++;
                if (examplesWithoutCoordinates.size() < 5) {
                    examplesWithoutCoordinates.add(name);
                }
                return;
            }
            LatLng location = (LatLng) place.getField(Api.field(place, "location"));
            JsonObject feature = new JsonObject();
            feature.addProperty("type", "Feature");
            feature.addProperty("id", name);
            JsonObject geometry = new JsonObject();
            geometry.addProperty("type", "Point");
            JsonArray coordinates = new JsonArray();
            coordinates.add(location.getLongitude());
            coordinates.add(location.getLatitude());
            geometry.add("coordinates", coordinates);
            feature.add("geometry", geometry);
            JsonObject properties = new JsonObject();
            List<String> row = flattener.row(message);
            for (int i = 0; i < row.size(); i++) {
                Flattener.Column column = flattener.columns().get(i);
                String cell = row.get(i);
                // A number column stays numeric in every feature: an empty cell is null, not "".
                properties.add(column.name(), !column.numeric() ? new JsonPrimitive(cell)
                        : cell.isEmpty() ? JsonNull.INSTANCE : new JsonPrimitive(new java.math.BigDecimal(cell)));
            }
            feature.add("properties", properties);
            out.print(first ? "\n" : ",\n");
            out.print(feature);
            first = false;
        }

        @Override
        void finish() {
            out.println("\n]}");
            super.finish();
            if (withoutCoordinates > 0) {
                err.println(withoutCoordinates + " record(s) without coordinates left out of the GeoJSON, e.g. "
                        + String.join(", ", examplesWithoutCoordinates) + " (csv or ndjson hold every record)");
                err.flush();
            }
        }
    }
}
