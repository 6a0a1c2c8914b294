package org.corridorwatch.support.dates;

import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import org.corridorwatch.support.validation.PartialDates;

import com.google.type.Date;

/**
 * A partial date stored with the first and last day it may stand for: the first orders rows by
 * date, and a date-range filter keeps a row when its whole span lies in the range.
 */
@Embeddable
public class PartialDateWithSpan extends PartialDateColumns {

    /** The first day of the date's span; null when absent. */
    @Column(name = "start")
    public LocalDate firstDay;
    /** The last day of the date's span; null when absent. */
    @Column(name = "end")
    public LocalDate lastDay;

    /** The stored form of {@code date}: a valid partial date, or the empty Date for absent. */
    public static PartialDateWithSpan of(Date date) {
        return store(new PartialDateWithSpan(), date);
    }

    @Override
    protected void storeSpan(PartialDates.Span span) {
        firstDay = span.first();
        lastDay = span.last();
    }
}
