package org.corridorwatch.support.dates;

import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import org.corridorwatch.support.validation.PartialDates;

import com.google.type.Date;

/** A partial date stored with the first day it may stand for, which orders rows by date. */
@Embeddable
public class PartialDateWithFirstDay extends PartialDateColumns {

    /** The first day of the date's span; null when absent. */
    @Column(name = "start")
    public LocalDate firstDay;

    /** The stored form of {@code date}: a valid partial date, or the empty Date for absent. */
    public static PartialDateWithFirstDay of(Date date) {
        return store(new PartialDateWithFirstDay(), date);
    }

    @Override
    protected void storeSpan(PartialDates.Span span) {
        firstDay = span.first();
    }
}
