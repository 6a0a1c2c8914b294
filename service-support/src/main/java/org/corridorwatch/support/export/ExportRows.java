package org.corridorwatch.support.export;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.corridorwatch.support.persistence.VersionedRecord;
import org.corridorwatch.support.resources.BuilderSetters;
import org.corridorwatch.support.resources.ResourceMetadata;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;
import com.google.protobuf.UnsafeByteOperations;

/**
 * How the reads that only send records read them: plain SQL over the resource's tables, read
 * with JDBC straight into its messages. Hydrating entities (the row, its embeddables, its
 * collections, the persistence context) and mapping them was about two thirds of an export's CPU,
 * and kept it at a tenth of PostgreSQL's own COPY (issue 15;
 * tools/benchmark/results/export-2026-12-04.md); in a Get, with the JTA transaction around it, half
 * of the service's (issue 12). Exports, Get and List pages of the records as they are now read this
 * way; as-of reads and every write keep the entity mapping. The export tests compare what both
 * give, record by record (FeedCases).
 *
 * <p>The SQL names each column by the message field it fills, a path like {@code "place.name"}
 * (quoted, so it keeps its dots): a NULL leaves the field unset, and a nested message is set when
 * at least one of its columns is not NULL (so an optional one, e.g. a date that may be absent,
 * is written {@code CASE WHEN ... THEN ... END}). Strings are taken as the UTF-8 bytes the
 * database sends, never decoded and encoded again; enums by their value names (as the entities
 * store them); {@code google.protobuf.Timestamp} from a timestamptz; a repeated scalar or enum
 * field from an SQL array. The output-only fields ({@code name}, the times, {@code etag}) are
 * filled from the columns every resource table has (VersionedRecord), as for every record
 * (ResourceMetadata).
 *
 * <p>A repeated message field comes from a {@link Child} query: its rows for the page's records
 * at once, each row one element.
 */
public final class ExportRows {

    /** The columns a page query selects first, from the resource table: what ResourceMetadata fills. */
    private static final List<String> RECORD_COLUMNS = List.of("id", "create_time", "update_time", "delete_time",
            "version");

    /**
     * The elements of the repeated message field {@code field} for a page of records: the rows of
     * {@code table} (an element collection, with an {@code @OrderColumn} "position") that belong
     * to a record of the page by {@code ownerColumn}; {@code columns} are the element's, labelled
     * by field path.
     */
    public record Child(String field, String table, String ownerColumn, String columns) {

        /** Its rows for one record's id. */
        String ofId() {
            return "SELECT " + ownerColumn + ", " + columns + " FROM " + table + " WHERE " + ownerColumn
                    + " = ? ORDER BY position";
        }

        /** Its rows for the page's ids, bound as one text array: one index lookup per record. */
        String ofIds() {
            return "SELECT " + ownerColumn + ", " + columns + " FROM " + table + " WHERE " + ownerColumn
                    + " = ANY(?) ORDER BY " + ownerColumn + ", position";
        }

        /**
         * Its rows for a range of ids (after, last]: one range of its index, a third of the lookups'
         * cost. The owner column compares as the records' id does (both text of the database's
         * default collation), so the range holds the page's children and, skipped, those of
         * deleted records between them.
         */
        String ofRange() {
            return "SELECT " + ownerColumn + ", " + columns + " FROM " + table + " WHERE " + ownerColumn + " > ? AND "
                    + ownerColumn + " <= ? ORDER BY " + ownerColumn + ", position";
        }
    }

    private final String columns;
    private final List<Child> children;
    /** The columns of the page query ("") and of each child query (its field), resolved at their first read. */
    private final Map<String, List<Column>> resolved = new ConcurrentHashMap<>();
    /** Each child's field, by name, resolved at its first read. */
    private final Map<String, ChildField> childFields = new ConcurrentHashMap<>();

    private ExportRows(String columns, List<Child> children) {
        this.columns = columns;
        this.children = children;
    }

    /**
     * @param columns the select list of the resource's own fields over its table's alias, each
     *        labelled by its field path, e.g. {@code i.title AS "title", i.place_name AS "place.name"}
     * @param children one query per repeated message field
     */
    public static ExportRows of(String columns, Child... children) {
        return new ExportRows(columns, List.of(children));
    }

    /**
     * Columns labelled by the fields they fill, where each column is named as its field:
     * {@code labelled("i.", "", "title", "summary")} is {@code i.title AS "title", i.summary AS "summary"},
     * and {@code labelled("i.killed_", "killed.", "low")} is {@code i.killed_low AS "killed.low"}.
     */
    public static String labelled(String columnPrefix, String fieldPrefix, String... names) {
        return String.join(", ", Arrays.stream(names)
                .map(name -> columnPrefix + name + " AS \"" + fieldPrefix + name + "\"").toList());
    }

    /** The page query's select list over the table aliased {@code alias}: the record columns, then the resource's. */
    public String selectList(String alias) {
        return String.join(", ", RECORD_COLUMNS.stream().map(column -> alias + "." + column).toList()) + ", " + columns;
    }

    /**
     * The messages of the page {@code rows} holds (a query with {@link #selectList}), in its
     * order, with their children read on {@code connection}. {@code rangeAfter} is set (the id the
     * page follows, "" for the first) when the page is ordered by id and holds every record of its
     * id range, as in an export of every record: the children are then read by range.
     */
    public <P extends Message> List<P> read(ResultSet rows, Connection connection, P prototype, String rangeAfter)
            throws SQLException {
        Map<String, Message.Builder> records = records(rows, prototype);
        if (!records.isEmpty() && !children.isEmpty()) {
            // Every child's query in one round trip, as readOne sends a Get's (a page was one per child).
            String sql = String.join(";\n",
                    children.stream().map(child -> rangeAfter != null ? child.ofRange() : child.ofIds()).toList());
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int index = 1;
                if (rangeAfter != null) {
                    String lastId = List.copyOf(records.keySet()).get(records.size() - 1);
                    for (int i = 0; i < children.size(); i++) {
                        statement.setString(index++, rangeAfter);
                        statement.setString(index++, lastId);
                    }
                } else {
                    Array ids = connection.createArrayOf("text", records.keySet().toArray());
                    for (int i = 0; i < children.size(); i++) {
                        statement.setArray(index++, ids);
                    }
                }
                statement.execute();
                addChildResults(statement, true, records, prototype);
            }
        }
        return built(records);
    }

    /**
     * The record {@code id}, as {@code recordQuery} (a query with {@link #selectList} of at most
     * that record, with {@code parameters}) selects it, with its children: the record's query and
     * each child's are sent together, so a Get is one round trip to the database, where the row
     * and then each collection took three or four (issue 12). Each statement sees what was
     * committed when it began (READ COMMITTED), as separate reads would. Empty when the query
     * selects no row.
     */
    public <P extends Message> List<P> readOne(Connection connection, String recordQuery, List<Object> parameters,
            String id, P prototype) throws SQLException {
        StringBuilder sql = new StringBuilder(recordQuery);
        children.forEach(child -> sql.append(";\n").append(child.ofId()));
        try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            int index = 1;
            for (Object parameter : parameters) {
                statement.setObject(index++, parameter);
            }
            for (int i = 0; i < children.size(); i++) {
                statement.setString(index++, id);
            }
            // pgjdbc sends every statement of the string before one Sync, and keeps each result.
            statement.execute();
            Map<String, Message.Builder> records;
            try (ResultSet rows = statement.getResultSet()) {
                records = records(rows, prototype);
            }
            addChildResults(statement, false, records, prototype);
            return built(records);
        }
    }

    /**
     * Adds to {@code records} the children that {@code statement}'s results hold, one result per
     * child in order; the first is the statement's current result when {@code firstIsCurrent},
     * otherwise the one after it.
     */
    private void addChildResults(PreparedStatement statement, boolean firstIsCurrent,
            Map<String, Message.Builder> records, Message prototype) throws SQLException {
        boolean current = firstIsCurrent;
        for (Child child : children) {
            if (!current && !statement.getMoreResults()) {
                throw new IllegalStateException("no result for the children " + child.field());
            }
            current = false;
            try (ResultSet childRows = statement.getResultSet()) {
                addChildren(child, childRows, prototype, records);
            }
        }
    }

    /** The records of {@code rows} by id, in its order, without their children. */
    private Map<String, Message.Builder> records(ResultSet rows, Message prototype) throws SQLException {
        List<Column> fields = resolved("", rows, RECORD_COLUMNS.size() + 1, prototype.newBuilderForType());
        Map<String, Message.Builder> records = new LinkedHashMap<>();
        while (rows.next()) {
            String id = rows.getString(1);
            Message.Builder record = prototype.newBuilderForType();
            Instant created = instant(rows, 2);
            ResourceMetadata.filled(record, id, created, instant(rows, 3), instant(rows, 4),
                    VersionedRecord.etag(created, rows.getLong(5)));
            for (Column field : fields) {
                field.fill(rows, record);
            }
            records.put(id, record);
        }
        return records;
    }

    private static <P extends Message> List<P> built(Map<String, Message.Builder> records) {
        List<P> messages = new ArrayList<>(records.size());
        for (Message.Builder record : records.values()) {
            @SuppressWarnings("unchecked")
            P message = (P) record.build();
            messages.add(message);
        }
        return messages;
    }

    /** Adds each of {@code rows} (a query of {@code child}) to the record it belongs to, as an element of its field. */
    private void addChildren(Child child, ResultSet rows, Message prototype, Map<String, Message.Builder> records)
            throws SQLException {
        ChildField target = childFields.computeIfAbsent(child.field(), field -> ChildField.of(prototype, field));
        List<Column> fields = null;
        String ownerId = null;
        Message.Builder owner = null;
        while (rows.next()) {
            // The rows come ordered by owner: one lookup per record, not per row (a lookup per row was
            // 9 % of a List page's read in a profile, the benchmark's ids colliding in the map's buckets).
            String id = rows.getString(1);
            if (!id.equals(ownerId)) {
                ownerId = id;
                owner = records.get(id);
            }
            if (owner == null) {
                continue; // a row of a record not on the page (the query reads a range of owners)
            }
            if (fields == null) {
                fields = resolved(child.field(), rows, 2, target.element.newBuilderForType());
            }
            Message.Builder element = target.element.newBuilderForType();
            for (Column column : fields) {
                column.fill(rows, element);
            }
            target.add(owner, element.build());
        }
    }

    /**
     * A repeated message field of the records and how an element is made and added, looked up once
     * ({@link BuilderSetters}: {@code newBuilderForField} and {@code addRepeatedField} were 5 % of a
     * List page's read in a profile, issue 12).
     *
     * @param element the default instance of its element type, whose {@code newBuilderForType} is generated code
     * @param adder the owner's builder method adding one element ({@code addSources(Source)})
     */
    private record ChildField(Message element, MethodHandle adder) {

        static ChildField of(Message prototype, String name) {
            Descriptor type = prototype.getDescriptorForType();
            Message.Builder owner = prototype.newBuilderForType();
            FieldDescriptor field = type.findFieldByName(name);
            if (field == null || !field.isRepeated() || field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                throw new IllegalArgumentException(type.getFullName() + " has no repeated message field " + name);
            }
            Message element = owner.newBuilderForField(field).getDefaultInstanceForType();
            Method add = Column.method(owner.getClass(), "add" + Column.camel(field));
            return new ChildField(element, Column.handle(add).asType(BuilderSetters.SETTER));
        }

        void add(Message.Builder owner, Message element) {
            BuilderSetters.call(adder, owner, element);
        }
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime value = rows.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /**
     * The columns of {@code rows} from {@code first} on, each resolved to the field path its label
     * names in the messages {@code builder} builds; once per query (key), as they never change.
     */
    private List<Column> resolved(String key, ResultSet rows, int first, Message.Builder builder) throws SQLException {
        List<Column> columns = resolved.get(key);
        if (columns == null) {
            ResultSetMetaData metadata = rows.getMetaData();
            columns = new ArrayList<>();
            for (int i = first; i <= metadata.getColumnCount(); i++) {
                columns.add(Column.of(i, path(builder.getDescriptorForType(), metadata.getColumnLabel(i)),
                        builder.getClass()));
            }
            resolved.put(key, columns);
        }
        return columns;
    }

    private static FieldDescriptor[] path(Descriptor type, String label) {
        String[] names = label.split("\\.");
        FieldDescriptor[] path = new FieldDescriptor[names.length];
        Descriptor current = type;
        for (int i = 0; i < names.length; i++) {
            FieldDescriptor field = current == null ? null : current.findFieldByName(names[i]);
            if (field == null || (i < names.length - 1 && (field.isRepeated()
                    || field.getJavaType() != FieldDescriptor.JavaType.MESSAGE))) {
                throw new IllegalArgumentException("column \"" + label + "\" names no field path of " + type.getFullName());
            }
            path[i] = field;
            current = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE ? field.getMessageType() : null;
        }
        FieldDescriptor leaf = path[path.length - 1];
        if (leaf.getJavaType() == FieldDescriptor.JavaType.MESSAGE
                && !(leaf.getMessageType().equals(Timestamp.getDescriptor()) && !leaf.isRepeated())) {
            throw new IllegalArgumentException("column \"" + label + "\": a message field other than a Timestamp"
                    + " is filled from its own fields' columns, a repeated one from a Child query");
        }
        return path;
    }

    /**
     * One column and the field it fills: the builder methods that reach and set it, looked up once
     * for the page by their generated names (protobuf's own reflection, {@code Builder.setField},
     * goes through {@code Method.invoke} with an access check per call: most of the mapping's cost),
     * and for an enum field its values by name (the descriptor's lookup goes through its file's
     * whole symbol table).
     */
    private record Column(int index, FieldDescriptor leaf, MethodHandle[] nestedBuilders, MethodHandle setter,
            Map<String, Integer> enumNumbers) {

        private static final MethodType GETTER = MethodType.methodType(Object.class, Object.class);

        /** The column {@code index} filling {@code path} of the messages built by {@code builderClass}. */
        static Column of(int index, FieldDescriptor[] path, Class<?> builderClass) {
            MethodHandle[] nested = new MethodHandle[path.length - 1];
            Class<?> builder = builderClass;
            for (int i = 0; i < nested.length; i++) {
                Method getter = method(builder, "get" + camel(path[i]) + "Builder");
                nested[i] = handle(getter).asType(GETTER);
                builder = getter.getReturnType();
            }
            FieldDescriptor leaf = path[path.length - 1];
            String verb = leaf.isRepeated() ? "add" : "set";
            String suffix = switch (leaf.getJavaType()) {
                case ENUM -> "Value"; // by number: no enum constant lookup
                case STRING -> leaf.isRepeated() ? "" : "Bytes"; // the bytes as read: no decoding
                default -> "";
            };
            Map<String, Integer> numbers = new HashMap<>();
            if (leaf.getJavaType() == FieldDescriptor.JavaType.ENUM) {
                leaf.getEnumType().getValues().forEach(value -> numbers.put(value.getName(), value.getNumber()));
            }
            return new Column(index, leaf, nested,
                    handle(method(builder, verb + camel(leaf) + suffix)).asType(BuilderSetters.SETTER),
                    numbers);
        }

        void fill(ResultSet rows, Message.Builder record) throws SQLException {
            Object value = leaf.isRepeated() ? array(rows) : value(rows);
            if (value == null) {
                return; // NULL: the field stays unset, and so does its message unless another column sets it
            }
            try {
                Object target = record;
                for (MethodHandle nested : nestedBuilders) {
                    target = (Object) nested.invokeExact(target);
                }
                if (leaf.isRepeated()) {
                    for (Object item : (List<?>) value) {
                        Object unused = (Object) setter.invokeExact(target, item);
                    }
                } else {
                    Object unused = (Object) setter.invokeExact(target, value);
                }
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException(e);
            }
        }

        private Object value(ResultSet rows) throws SQLException {
            Object value = switch (leaf.getJavaType()) {
                // The bytes PostgreSQL sent (UTF-8): wrapped, not copied; the message checks they are UTF-8.
                case STRING -> {
                    byte[] bytes = rows.getBytes(index);
                    yield bytes == null ? null : UnsafeByteOperations.unsafeWrap(bytes);
                }
                case INT -> rows.getInt(index);
                case LONG -> rows.getLong(index);
                case DOUBLE -> rows.getDouble(index);
                case FLOAT -> rows.getFloat(index);
                case BOOLEAN -> rows.getBoolean(index);
                case ENUM -> {
                    String name = rows.getString(index);
                    yield name == null ? null : enumNumber(name);
                }
                case MESSAGE -> {
                    Instant instant = instant(rows, index);
                    yield instant == null ? null : VersionedRecord.timestamp(instant);
                }
                default -> throw new IllegalArgumentException(leaf.getFullName() + ": no column mapping for "
                        + leaf.getJavaType());
            };
            return rows.wasNull() ? null : value;
        }

        private List<Object> array(ResultSet rows) throws SQLException {
            Array array = rows.getArray(index);
            if (array == null) {
                return null;
            }
            List<Object> items = new ArrayList<>();
            for (Object item : (Object[]) array.getArray()) {
                items.add(leaf.getJavaType() == FieldDescriptor.JavaType.ENUM ? enumNumber((String) item) : item);
            }
            return items;
        }

        private Integer enumNumber(String name) {
            Integer number = enumNumbers.get(name);
            if (number == null) {
                throw new IllegalStateException(leaf.getFullName() + ": stored value " + name + " is not one of "
                        + leaf.getEnumType().getFullName());
            }
            return number;
        }

        /** The name protobuf's Java code gives the field in its accessors: "country_code" is "CountryCode". */
        private static String camel(FieldDescriptor field) {
            StringBuilder name = new StringBuilder();
            boolean upper = true;
            for (char c : field.getName().toCharArray()) {
                if (c == '_') {
                    upper = true;
                } else {
                    name.append(upper ? Character.toUpperCase(c) : c);
                    upper = Character.isDigit(c);
                }
            }
            return name.toString();
        }

        private static Method method(Class<?> builder, String name) {
            for (Method method : builder.getMethods()) {
                if (method.getName().equals(name) && method.getParameterCount() == (name.startsWith("get") ? 0 : 1)
                        && (name.startsWith("get") || !Message.Builder.class.isAssignableFrom(method.getParameterTypes()[0]))) {
                    return method;
                }
            }
            throw new IllegalArgumentException(builder.getName() + " has no method " + name);
        }

        private static MethodHandle handle(Method method) {
            try {
                return MethodHandles.publicLookup().unreflect(method);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
