package org.corridorwatch.support.validation;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;

import com.google.type.Date;

/**
 * Partial dates as {@code google.type.Date} carries them: a year, a year and month (day 0), or a
 * full date. The missing parts ARE the precision, so a partial date stands for a span of days.
 * How tables store one (and an absent one) is {@link org.corridorwatch.support.dates.PartialDateColumns}.
 */
public final class PartialDates {

    /** The first and last day a partial date may stand for. */
    public record Span(LocalDate first, LocalDate last) {
    }

    private PartialDates() {
    }

    /** Why the date is not a real (partial) date, or null when it is one. A year is required. */
    public static String problem(Date date) {
        if (date.getYear() < 1 || date.getYear() > 9999) {
            return "year must be between 1 and 9999";
        }
        if (date.getMonth() < 0 || date.getMonth() > 12) {
            return "month must be between 1 and 12, or 0 when only the year is known";
        }
        if (date.getMonth() == 0 && date.getDay() != 0) {
            return "day must be 0 when month is 0";
        }
        if (date.getDay() < 0) {
            return "day must be between 1 and 31, or 0 when only the month is known";
        }
        if (date.getDay() > 0) {
            try {
                LocalDate.of(date.getYear(), date.getMonth(), date.getDay());
            } catch (DateTimeException e) {
                return "is not a real calendar date";
            }
        }
        return null;
    }

    /** The span a valid partial date covers. */
    public static Span span(Date date) {
        if (date.getMonth() == 0) {
            return new Span(LocalDate.of(date.getYear(), 1, 1), LocalDate.of(date.getYear(), 12, 31));
        }
        if (date.getDay() == 0) {
            YearMonth month = YearMonth.of(date.getYear(), date.getMonth());
            return new Span(month.atDay(1), month.atEndOfMonth());
        }
        LocalDate day = LocalDate.of(date.getYear(), date.getMonth(), date.getDay());
        return new Span(day, day);
    }

    /**
     * Whether the date lies wholly after the latest "today" anywhere on Earth (UTC+14), so a
     * report filed late in the evening in Pakistan is never refused as being in the future.
     */
    public static boolean isInFuture(Date date, LocalDate todayUtc) {
        return span(date).first().isAfter(todayUtc.plusDays(1));
    }

    /** Today in UTC. */
    public static LocalDate todayUtc() {
        return LocalDate.now(ZoneOffset.UTC);
    }

    /** The google.type.Date of a day. */
    public static Date of(LocalDate day) {
        return Date.newBuilder().setYear(day.getYear()).setMonth(day.getMonthValue()).setDay(day.getDayOfMonth())
                .build();
    }
}
