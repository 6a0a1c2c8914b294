package org.corridorwatch.support.sources;

import java.util.List;

import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;

import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.support.dates.PartialDateColumns;
import org.corridorwatch.support.export.ExportRows;
import org.corridorwatch.support.dates.PartialDate;
import org.corridorwatch.support.validation.Violations;
import org.hibernate.annotations.EmbeddedColumnNaming;

/**
 * A source citation ({@code corridorwatch.common.v1.Source}) as every service stores it, its
 * mapping, and the rules it must satisfy.
 */
@Embeddable
public class SourceRow {

    public static final int MAX_OUTLET = 200;
    public static final int MAX_TITLE = 500;
    public static final int MAX_EXCERPT = 5_000;
    /** How many sources one record may cite. */
    public static final int MAX_SOURCES = 50;

    public String outlet;
    public String url;
    public String title;
    /** Absent when the source gives no published date. */
    @Embedded
    @EmbeddedColumnNaming("published_%s")
    public PartialDate publishedDate = new PartialDate();
    public String excerpt;

    /** The row of a validated source. Texts are stored stripped. */
    public static SourceRow of(Source source) {
        SourceRow row = new SourceRow();
        row.outlet = source.getOutlet().strip();
        row.url = source.getUrl();
        row.title = source.getTitle().strip();
        row.excerpt = source.getExcerpt().strip();
        row.publishedDate = PartialDate.of(source.getPublishedDate());
        return row;
    }

    /** The source as the API carries it; no published date when the row has none. */
    public Source toProto() {
        Source.Builder source = Source.newBuilder().setOutlet(outlet).setUrl(url).setTitle(title).setExcerpt(excerpt);
        publishedDate.ifPresent(source::setPublishedDate);
        return source.build();
    }

    /**
     * {@link #toProto} of a record's sources, stored in {@code table} and owned by
     * {@code ownerColumn}, as an export's SQL (ExportRows).
     */
    public static ExportRows.Child exportChild(String table, String ownerColumn) {
        return new ExportRows.Child("sources", table, ownerColumn, exportColumns("", null));
    }

    /**
     * {@link #toProto} as an export's select list over a row's columns {@code outlet}, {@code url},
     * {@code title}, {@code published_*} and {@code excerpt}: labelled as the fields of
     * {@code field} ("" for the element itself), and NULL (the source left unset) unless
     * {@code presentWhen} holds, when given.
     */
    public static String exportColumns(String field, String presentWhen) {
        String prefix = field.isEmpty() ? "" : field + ".";
        StringBuilder columns = new StringBuilder();
        for (String text : new String[] { "outlet", "url", "title", "excerpt" }) {
            columns.append(presentWhen == null ? text : "CASE WHEN " + presentWhen + " THEN " + text + " END")
                    .append(" AS \"").append(prefix).append(text).append("\", ");
        }
        return columns + PartialDateColumns.exportColumnsIfPresent("published", prefix + "published_date", presentWhen);
    }

    /**
     * Checks a record's sources, {@code field} being their path like {@code deal.sources}: at least
     * one, at most {@link #MAX_SOURCES}, each valid.
     */
    public static void validateAll(List<Source> sources, String field, Violations v) {
        if (validateCount(field, sources.size(), 1, v)) {
            for (int i = 0; i < sources.size(); i++) {
                validate(sources.get(i), field + "[" + i + "]", v);
            }
        }
    }

    /** Checks one source, {@code item} being its field path like {@code deal.sources[0]}. */
    public static void validate(Source source, String item, Violations v) {
        v.requiredText(item + ".outlet", source.getOutlet(), MAX_OUTLET);
        v.httpUrl(item + ".url", source.getUrl());
        v.maxLength(item + ".title", source.getTitle(), MAX_TITLE);
        v.partialDate(item + ".published_date", source.hasPublishedDate(), source.getPublishedDate(), false, true);
        v.maxLengthMultiLine(item + ".excerpt", source.getExcerpt(), MAX_EXCERPT);
    }

    /** Checks the count of a record's sources: at least {@code min}, at most {@link #MAX_SOURCES}. */
    public static boolean validateCount(String field, int count, int min, Violations v) {
        if (count < min) {
            v.add(field, min == 1 ? "must have at least one source" : "must have at least " + min + " sources");
        }
        if (count > MAX_SOURCES) {
            v.add(field, "must have at most " + MAX_SOURCES + " items (got " + count + ")");
            return false;
        }
        return true;
    }
}
