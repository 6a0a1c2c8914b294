package org.corridorwatch.support.dates;

import jakarta.persistence.Embeddable;

import com.google.type.Date;

/** A partial date stored as its year, month and day only, for tables that filter on none of its days. */
@Embeddable
public class PartialDate extends PartialDateColumns {

    /** The stored form of {@code date}: a valid partial date, or the empty Date for absent. */
    public static PartialDate of(Date date) {
        return store(new PartialDate(), date);
    }
}
