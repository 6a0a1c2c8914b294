package org.corridorwatch.support.dates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.google.type.Date;

/**
 * The stored form of a partial date in each of its column shapes: every precision comes back as
 * given with the span it stands for, and an absent date is stored as year 0 with no span and
 * comes back as no date.
 */
class PartialDateColumnsTest {

    private static Date date(int year, int month, int day) {
        return Date.newBuilder().setYear(year).setMonth(month).setDay(day).build();
    }

    @ParameterizedTest(name = "{0}-{1}-{2} is stored as given, spanning {3} .. {4}")
    @CsvSource({
            "2024, 0, 0, 2024-01-01, 2024-12-31",
            "2024, 2, 0, 2024-02-01, 2024-02-29",
            "2023, 2, 0, 2023-02-01, 2023-02-28",
            "2025, 9, 8, 2025-09-08, 2025-09-08",
            "1, 1, 1, 0001-01-01, 0001-01-01",
            "9999, 12, 0, 9999-12-01, 9999-12-31",
    })
    void everyPrecisionIsStoredAsGivenWithItsSpan(int year, int month, int day, LocalDate first, LocalDate last) {
        Date given = date(year, month, day);

        PartialDateWithSpan spanned = PartialDateWithSpan.of(given);
        assertStoredAs(year, month, day, spanned);
        assertEquals(first, spanned.firstDay);
        assertEquals(last, spanned.lastDay);
        assertEquals(given, spanned.toDate());

        PartialDateWithFirstDay starting = PartialDateWithFirstDay.of(given);
        assertStoredAs(year, month, day, starting);
        assertEquals(first, starting.firstDay);
        assertEquals(given, starting.toDate());

        PartialDate plain = PartialDate.of(given);
        assertStoredAs(year, month, day, plain);
        assertEquals(given, plain.toDate());
    }

    @Test
    void anAbsentDateIsYearZeroWithNoSpanInEveryShape() {
        // An unset Date field of a message reads as the empty Date: that is what mappers pass.
        Date unset = Date.getDefaultInstance();

        PartialDateWithSpan spanned = PartialDateWithSpan.of(unset);
        assertStoredAs(0, 0, 0, spanned);
        assertNull(spanned.firstDay);
        assertNull(spanned.lastDay);

        PartialDateWithFirstDay starting = PartialDateWithFirstDay.of(unset);
        assertStoredAs(0, 0, 0, starting);
        assertNull(starting.firstDay);

        assertStoredAs(0, 0, 0, PartialDate.of(unset));
    }

    @Test
    void aFreshEmbeddableIsAbsentToo() {
        // Entities start with these, so a new record's optional date is absent until mapped.
        assertFalse(new PartialDateWithSpan().isPresent());
        assertNull(new PartialDateWithSpan().firstDay);
        assertFalse(new PartialDateWithFirstDay().isPresent());
        assertFalse(new PartialDate().isPresent());
    }

    @Test
    void anAbsentDateReadsAsTheEmptyDateAndSetsNoField() {
        PartialDateWithSpan absent = PartialDateWithSpan.of(Date.getDefaultInstance());
        assertEquals(Date.getDefaultInstance(), absent.toDate());

        List<Date> handed = new ArrayList<>();
        absent.ifPresent(handed::add);
        assertEquals(List.of(), handed, "an absent date leaves an optional field unset");
    }

    @ParameterizedTest(name = "{0}-{1}-{2} is handed to the setter")
    @CsvSource({ "2024, 0, 0", "2024, 11, 0", "2024, 11, 13" })
    void aPresentDateIsHandedToTheSetterAsGiven(int year, int month, int day) {
        List<Date> handed = new ArrayList<>();
        PartialDate.of(date(year, month, day)).ifPresent(handed::add);
        assertEquals(List.of(date(year, month, day)), handed);
    }

    private static void assertStoredAs(int year, int month, int day, PartialDateColumns stored) {
        assertEquals(List.of(year, month, day), List.of(stored.year, stored.month, stored.day));
        assertEquals(year != 0, stored.isPresent());
    }
}
