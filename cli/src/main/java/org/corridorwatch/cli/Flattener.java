package org.corridorwatch.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor.JavaType;
import com.google.protobuf.FieldMask;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;
import com.google.type.Date;
import com.google.type.Money;

/**
 * Turns a message into one row of columns, the CSV (and table, and GeoJSON properties) form of a
 * record. The columns follow from the message type alone, so every row of a stream has the same
 * header:
 * <ul>
 * <li>a column per leaf field, named by its dotted path ({@code place.province}, {@code killed.best});
 * <li>a date as {@code 2024-03-26} (or {@code 2024-03}, {@code 2024} when partial), a timestamp in
 * RFC 3339, a field mask as its paths joined by {@code ,}, an enumeration value by its name (empty
 * for the unspecified value), money as two columns, {@code <path>.currency_code} and
 * {@code <path>.amount} (a decimal number);
 * <li>a repeated field's values joined by {@code "; "} in order, each value's own {@code \} and
 * {@code ;} escaped as {@code \\} and {@code \;} (only in such joined cells), so the cell splits back
 * into exactly its values; for a repeated message each of its leaf fields is one such column
 * ({@code sources.outlet}, {@code sources.url}), and the n-th values of those columns belong to the
 * same element (an element's empty value stays in its place);
 * <li>an absent message or unset optional field gives an empty cell.
 * </ul>
 */
final class Flattener {

    /** Joins a repeated field's values in one cell. */
    static final String SEPARATOR = "; ";

    /**
     * One column: the fields from the row's message to the leaf, which part of money it is, and
     * whether a repeated field lies on the path (its cell joins values), decided once per column.
     */
    record Column(String name, List<FieldDescriptor> path, MoneyPart moneyPart, boolean joined) {

        Column(String name, List<FieldDescriptor> path, MoneyPart moneyPart) {
            this(name, path, moneyPart, path.stream().anyMatch(FieldDescriptor::isRepeated));
        }

        /** The leaf field. */
        FieldDescriptor leaf() {
            return path.get(path.size() - 1);
        }

        /** Whether the column holds a single number (no repeated field on its path). */
        boolean numeric() {
            if (joined || moneyPart == MoneyPart.CURRENCY_CODE) {
                return false;
            }
            return moneyPart == MoneyPart.AMOUNT || switch (leaf().getJavaType()) {
                case INT -> true;
                case LONG -> true;
                case FLOAT -> true;
                case DOUBLE -> true;
                default -> false;
            };
        }
    }

    enum MoneyPart {
        NONE, CURRENCY_CODE, AMOUNT
    }

    private final List<Column> columns;
    private final boolean shortEnums;

    private Flattener(List<Column> columns, boolean shortEnums) {
        this.columns = columns;
        this.shortEnums = shortEnums;
    }

    /** Every column of {@code type}, enumeration values by their full names (CSV, JSON-like). */
    static Flattener of(Descriptor type) {
        List<Column> columns = new ArrayList<>();
        collect(type, "", new ArrayList<>(), columns);
        return new Flattener(columns, false);
    }

    /**
     * The columns {@code names} of {@code type}, in that order, with enumeration values without their
     * type's prefix (SUICIDE_BOMBING for INCIDENT_TYPE_SUICIDE_BOMBING): the table for people.
     */
    static Flattener of(Descriptor type, List<String> names) {
        List<Column> all = of(type).columns;
        List<Column> chosen = new ArrayList<>();
        for (String name : names) {
            chosen.add(all.stream().filter(column -> column.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(type.getName() + " has no column " + name)));
        }
        return new Flattener(chosen, true);
    }

    List<Column> columns() {
        return columns;
    }

    List<String> header() {
        return columns.stream().map(Column::name).toList();
    }

    /** The row of {@code message}, one cell per column. */
    List<String> row(Message message) {
        List<String> row = new ArrayList<>(columns.size());
        for (Column column : columns) {
            List<String> values = values(message, column, 0, false);
            row.add(column.joined() ? String.join(SEPARATOR, values.stream().map(Flattener::escape).toList())
                    : String.join("", values));
        }
        return row;
    }

    /** A value of a joined cell, with the separator's ; (and the escape character) escaped. */
    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace(";", "\\;");
    }

    /** The fields along a dotted path from {@code type}, or null when it has no such path. */
    static List<FieldDescriptor> findPath(Descriptor type, String dottedPath) {
        List<FieldDescriptor> path = new ArrayList<>();
        Descriptor current = type;
        for (String name : dottedPath.split("\\.")) {
            FieldDescriptor field = current == null ? null : current.findFieldByName(name);
            if (field == null) {
                return null;
            }
            path.add(field);
            current = field.getJavaType() == JavaType.MESSAGE ? field.getMessageType() : null;
        }
        return path;
    }

    private static void collect(Descriptor type, String prefix, List<FieldDescriptor> path, List<Column> out) {
        for (FieldDescriptor field : type.getFields()) {
            String name = prefix + field.getName();
            List<FieldDescriptor> fieldPath = new ArrayList<>(path);
            fieldPath.add(field);
            if (field.getJavaType() != JavaType.MESSAGE || isLeafMessage(field.getMessageType())) {
                out.add(new Column(name, List.copyOf(fieldPath), MoneyPart.NONE));
            } else if (field.getMessageType().equals(Money.getDescriptor())) {
                out.add(new Column(name + ".currency_code", List.copyOf(fieldPath), MoneyPart.CURRENCY_CODE));
                out.add(new Column(name + ".amount", List.copyOf(fieldPath), MoneyPart.AMOUNT));
            } else {
                collect(field.getMessageType(), name + ".", fieldPath, out);
            }
        }
    }

    /** Messages shown as one value. */
    private static boolean isLeafMessage(Descriptor type) {
        return type.equals(Timestamp.getDescriptor()) || type.equals(Date.getDescriptor())
                || type.equals(FieldMask.getDescriptor());
    }

    /**
     * The values of the column's field below {@code message}, from position {@code depth} of its
     * path. Inside a repeated message an absent value is kept as "" so that positions line up.
     */
    private List<String> values(Message message, Column column, int depth, boolean inRepeated) {
        FieldDescriptor field = column.path().get(depth);
        List<?> items;
        if (field.isRepeated()) {
            items = (List<?>) message.getField(field);
        } else if (field.hasPresence() && !message.hasField(field)) {
            return inRepeated ? List.of("") : List.of();
        } else {
            items = List.of(message.getField(field));
        }
        boolean repeatedBelow = inRepeated || field.isRepeated();
        List<String> values = new ArrayList<>();
        for (Object item : items) {
            if (depth == column.path().size() - 1) {
                values.add(render(item, column));
            } else {
                values.addAll(values((Message) item, column, depth + 1, repeatedBelow));
            }
        }
        return values;
    }

    private String render(Object value, Column column) {
        if (value instanceof EnumValueDescriptor enumValue) {
            if (enumValue.getNumber() == 0) {
                return "";
            }
            return shortEnums ? Enums.shortName(enumValue) : enumValue.getName();
        }
        if (value instanceof Timestamp timestamp) {
            return Timestamps.toString(timestamp);
        }
        if (value instanceof Date date) {
            return dateText(date);
        }
        if (value instanceof FieldMask mask) {
            return String.join(",", mask.getPathsList());
        }
        if (value instanceof Money money) {
            return column.moneyPart() == MoneyPart.CURRENCY_CODE ? money.getCurrencyCode() : amountText(money);
        }
        return String.valueOf(value);
    }

    static String dateText(Date date) {
        if (date.getMonth() == 0) {
            return String.format("%04d", date.getYear());
        }
        if (date.getDay() == 0) {
            return String.format("%04d-%02d", date.getYear(), date.getMonth());
        }
        return String.format("%04d-%02d-%02d", date.getYear(), date.getMonth(), date.getDay());
    }

    static String amountText(Money money) {
        return BigDecimal.valueOf(money.getUnits()).add(BigDecimal.valueOf(money.getNanos(), 9))
                .stripTrailingZeros().toPlainString();
    }
}
