package org.corridorwatch.support.sources;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import org.corridorwatch.support.validation.Violations;

import com.google.type.Date;

/**
 * A source citation ({@code org.corridorwatch.api.common.v1.Source}) as every service stores it, and the
 * rules it must satisfy. The services generate their own Source class from the shared proto, so
 * this class takes the fields one by one; each service's mapper is two calls. Published year 0
 * means no published date.
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
    @Column(name = "published_year")
    public int publishedYear;
    @Column(name = "published_month")
    public int publishedMonth;
    @Column(name = "published_day")
    public int publishedDay;
    public String excerpt;

    /** A row from validated fields; {@code published} may be null. Texts are stored stripped. */
    public static SourceRow of(String outlet, String url, String title, Date published, String excerpt) {
        SourceRow row = new SourceRow();
        row.outlet = outlet.strip();
        row.url = url;
        row.title = title.strip();
        row.excerpt = excerpt.strip();
        Date date = published == null ? Date.getDefaultInstance() : published;
        row.publishedYear = date.getYear();
        row.publishedMonth = date.getMonth();
        row.publishedDay = date.getDay();
        return row;
    }

    /** The published date, or null when the source has none. */
    public Date publishedDate() {
        return publishedYear == 0 ? null
                : Date.newBuilder().setYear(publishedYear).setMonth(publishedMonth).setDay(publishedDay).build();
    }

    /**
     * Checks one source, {@code item} being its field path like {@code deal.sources[0]}; {@code published}
     * is null when the field is unset.
     */
    public static void validate(String item, String outlet, String url, String title, Date published, String excerpt,
            Violations v) {
        v.requiredText(item + ".outlet", outlet, MAX_OUTLET);
        v.httpUrl(item + ".url", url);
        v.maxLength(item + ".title", title, MAX_TITLE);
        v.partialDate(item + ".published_date", published != null, published == null ? Date.getDefaultInstance()
                : published, false, true);
        v.maxLengthMultiLine(item + ".excerpt", excerpt, MAX_EXCERPT);
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
