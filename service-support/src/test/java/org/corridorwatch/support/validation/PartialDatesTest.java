package org.corridorwatch.support.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;

import org.corridorwatch.support.validation.PartialDates.Span;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import com.google.type.Date;

class PartialDatesTest {

    private static final String YEAR = "year must be between 1 and 9999";
    private static final String MONTH = "month must be between 1 and 12, or 0 when only the year is known";
    private static final String DAY_WITHOUT_MONTH = "day must be 0 when month is 0";
    private static final String NEGATIVE_DAY = "day must be between 1 and 31, or 0 when only the month is known";
    private static final String NOT_REAL = "is not a real calendar date";

    private static Date date(int year, int month, int day) {
        return Date.newBuilder().setYear(year).setMonth(month).setDay(day).build();
    }

    @Nested
    class Problem {

        @Test
        void validPartialAndFullDatesHaveNoProblem() {
            assertNull(PartialDates.problem(date(2022, 0, 0)));
            assertNull(PartialDates.problem(date(2022, 8, 0)));
            assertNull(PartialDates.problem(date(2022, 8, 27)));
            assertNull(PartialDates.problem(date(1, 1, 1)));
            assertNull(PartialDates.problem(date(9999, 12, 31)));
        }

        @Test
        void yearIsRequiredAndBounded() {
            assertEquals(YEAR, PartialDates.problem(Date.getDefaultInstance()));
            assertEquals(YEAR, PartialDates.problem(date(0, 5, 5)));
            assertEquals(YEAR, PartialDates.problem(date(-1, 0, 0)));
            assertEquals(YEAR, PartialDates.problem(date(10000, 1, 1)));
        }

        @Test
        void monthOutOfRangeIsAProblem() {
            assertEquals(MONTH, PartialDates.problem(date(2022, 13, 0)));
            assertEquals(MONTH, PartialDates.problem(date(2022, -1, 0)));
        }

        @Test
        void dayWithoutMonthIsAProblem() {
            assertEquals(DAY_WITHOUT_MONTH, PartialDates.problem(date(2022, 0, 1)));
            assertEquals(DAY_WITHOUT_MONTH, PartialDates.problem(date(2022, 0, -1)));
        }

        @Test
        void negativeDayIsAProblem() {
            assertEquals(NEGATIVE_DAY, PartialDates.problem(date(2022, 3, -1)));
        }

        @Test
        void february29DependsOnLeapYear() {
            assertNull(PartialDates.problem(date(2024, 2, 29)));
            assertNull(PartialDates.problem(date(2000, 2, 29)));
            assertEquals(NOT_REAL, PartialDates.problem(date(2023, 2, 29)));
            assertEquals(NOT_REAL, PartialDates.problem(date(1900, 2, 29)));
        }

        @Test
        void daysBeyondTheMonthAreNotReal() {
            assertEquals(NOT_REAL, PartialDates.problem(date(2022, 4, 31)));
            assertEquals(NOT_REAL, PartialDates.problem(date(2022, 1, 32)));
            assertNull(PartialDates.problem(date(2022, 1, 31)));
        }
    }

    @Nested
    class SpanOf {

        @Test
        void yearCoversTheWholeYear() {
            assertEquals(new Span(LocalDate.of(2022, 1, 1), LocalDate.of(2022, 12, 31)),
                    PartialDates.span(date(2022, 0, 0)));
        }

        @Test
        void monthCoversTheWholeMonth() {
            assertEquals(new Span(LocalDate.of(2022, 4, 1), LocalDate.of(2022, 4, 30)),
                    PartialDates.span(date(2022, 4, 0)));
            assertEquals(new Span(LocalDate.of(2022, 12, 1), LocalDate.of(2022, 12, 31)),
                    PartialDates.span(date(2022, 12, 0)));
        }

        @Test
        void februaryOfALeapYearEndsOnThe29th() {
            assertEquals(new Span(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 29)),
                    PartialDates.span(date(2024, 2, 0)));
        }

        @Test
        void februaryOfACommonYearEndsOnThe28th() {
            assertEquals(new Span(LocalDate.of(2023, 2, 1), LocalDate.of(2023, 2, 28)),
                    PartialDates.span(date(2023, 2, 0)));
        }

        @Test
        void dayCoversItself() {
            LocalDate day = LocalDate.of(2022, 8, 27);
            assertEquals(new Span(day, day), PartialDates.span(date(2022, 8, 27)));
        }
    }

    @Nested
    class IsInFuture {

        private final LocalDate today = LocalDate.of(2024, 6, 15);

        @Test
        void pastAndTodayAreNotInFuture() {
            assertFalse(PartialDates.isInFuture(date(2024, 6, 14), today));
            assertFalse(PartialDates.isInFuture(date(2024, 6, 15), today));
        }

        @Test
        void tomorrowIsToleratedBecauseItIsAlreadyTodaySomewhere() {
            assertFalse(PartialDates.isInFuture(date(2024, 6, 16), today));
        }

        @Test
        void theDayAfterTomorrowIsInFuture() {
            assertTrue(PartialDates.isInFuture(date(2024, 6, 17), today));
            assertTrue(PartialDates.isInFuture(date(2030, 1, 1), today));
        }

        @Test
        void partialDateIsInFutureOnlyWhenItsFirstDayIs() {
            assertFalse(PartialDates.isInFuture(date(2024, 6, 0), today));
            assertFalse(PartialDates.isInFuture(date(2024, 0, 0), today));
            assertTrue(PartialDates.isInFuture(date(2024, 7, 0), today));
            assertTrue(PartialDates.isInFuture(date(2025, 0, 0), today));
        }

        @Test
        void nextMonthOrYearStartingTomorrowIsTolerated() {
            assertFalse(PartialDates.isInFuture(date(2024, 7, 0), LocalDate.of(2024, 6, 30)));
            assertFalse(PartialDates.isInFuture(date(2025, 0, 0), LocalDate.of(2024, 12, 31)));
            assertTrue(PartialDates.isInFuture(date(2025, 0, 0), LocalDate.of(2024, 12, 30)));
        }
    }

    @Test
    void ofBuildsAFullDate() {
        assertEquals(date(2024, 2, 29), PartialDates.of(LocalDate.of(2024, 2, 29)));
    }

    @Test
    void spanOfOfIsTheDayItself() {
        LocalDate day = LocalDate.of(2021, 11, 3);
        assertEquals(new Span(day, day), PartialDates.span(PartialDates.of(day)));
    }
}
