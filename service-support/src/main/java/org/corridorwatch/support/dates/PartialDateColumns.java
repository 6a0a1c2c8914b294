package org.corridorwatch.support.dates;

import java.util.function.Consumer;

import jakarta.persistence.Column;
import jakarta.persistence.MappedSuperclass;

import org.corridorwatch.support.validation.PartialDates;

import com.google.type.Date;

/**
 * A partial date ({@code google.type.Date}: month, or month and day, 0 when unknown) as every
 * table stores it, and its one mapping to and from the API. The columns are named
 * {@code <prefix>_year}, {@code <prefix>_month} and {@code <prefix>_day}, the prefix coming from
 * the embedding field's {@code @EmbeddedColumnNaming("<prefix>_%s")}. The embeddable subclasses
 * add the derived span columns ({@code <prefix>_start}, {@code <prefix>_end}) that a table keeps
 * for its date filters and orderings: {@link PartialDate} (none), {@link PartialDateWithFirstDay}
 * and {@link PartialDateWithSpan}. A JPA embeddable maps every one of its attributes, so each
 * column shape needs its own type; what the shapes share lives here.
 *
 * <p><b>Absent</b> (an optional date not given) is stored one way: year, month and day 0, and
 * any span columns NULL (so date filters and orderings on the span leave it out or put it last).
 * Year 0 is free for this, since every stored date has a year ({@link PartialDates#problem}),
 * and it is what an unset {@code Date} field of a proto message reads as: mapping
 * {@code message.getXDate()} gives the absent date when the field is unset, with no has-check.
 *
 * <p>Instances are written only by the factories: a mapper replaces an entity's date with a new
 * one rather than changing it in place, as it does with every other embeddable.
 */
@MappedSuperclass
public abstract class PartialDateColumns {

    @Column(name = "year")
    public int year;
    /** 0 when only the year is known. */
    @Column(name = "month")
    public int month;
    /** 0 when only the year, or the year and month, are known. */
    @Column(name = "day")
    public int day;

    /** Whether a date is stored: false for an optional date that was not given. */
    public boolean isPresent() {
        return year != 0;
    }

    /** The date as the API carries it; the empty {@code Date} (year 0) when absent. */
    public Date toDate() {
        return Date.newBuilder().setYear(year).setMonth(month).setDay(day).build();
    }

    /**
     * Hands the date to {@code setter} (a builder's setter of an optional date field) when one is
     * stored, so an absent date leaves the field unset rather than set to the empty Date.
     */
    public void ifPresent(Consumer<Date> setter) {
        if (isPresent()) {
            setter.accept(toDate());
        }
    }

    /**
     * {@link #toDate} as an export's SQL (ExportRows): the columns {@code <prefix>_year},
     * {@code _month} and {@code _day} (prefix with the table's alias, e.g. "i.occurred") labelled
     * as the fields of {@code field}.
     */
    public static String exportColumns(String prefix, String field) {
        return exportColumns(prefix, field, null);
    }

    /**
     * {@link #ifPresent} as an export's SQL: as {@link #exportColumns(String, String)}, but NULLs
     * (the field left unset) where the date is absent (year 0), or where {@code presentWhen}, an
     * SQL condition, if given, is not true (the date of an optional message that is not there).
     */
    public static String exportColumnsIfPresent(String prefix, String field, String presentWhen) {
        return exportColumns(prefix, field, (presentWhen == null ? "" : presentWhen + " AND ") + prefix + "_year <> 0");
    }

    private static String exportColumns(String prefix, String field, String presentWhen) {
        StringBuilder columns = new StringBuilder();
        for (String part : new String[] { "year", "month", "day" }) {
            String column = prefix + "_" + part;
            columns.append(columns.isEmpty() ? "" : ", ")
                    .append(presentWhen != null ? "CASE WHEN " + presentWhen + " THEN " + column + " END" : column)
                    .append(" AS \"").append(field).append('.').append(part).append('"');
        }
        return columns.toString();
    }

    /**
     * Fills fresh {@code columns} with {@code date}, a valid partial date or the empty Date
     * (absent), and returns them. The span columns are derived here, once for every table.
     */
    protected static <C extends PartialDateColumns> C store(C columns, Date date) {
        if (date.getYear() != 0) {
            columns.year = date.getYear();
            columns.month = date.getMonth();
            columns.day = date.getDay();
            columns.storeSpan(PartialDates.span(date));
        }
        return columns;
    }

    /** Sets the span columns the shape has from the span of a present date; none by default. */
    protected void storeSpan(PartialDates.Span span) {
    }
}
