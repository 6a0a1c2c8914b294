package org.corridorwatch.investments.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Map;

import org.corridorwatch.investments.repository.DealRepository.AmountSum;
import org.corridorwatch.support.errors.ApiException;
import org.junit.jupiter.api.Test;

import com.google.type.Money;

import io.grpc.Status;

/**
 * SummarizeDeals' OUT_OF_RANGE on a total Money cannot carry. Reaching it through the API takes
 * about 9,300 deals at the largest accepted amount, so the conversion is tested on its own.
 */
class DealQueriesTotalTest {

    /** 2^63 - 1, the most units google.type.Money carries. */
    private static final BigDecimal MAX_UNITS = BigDecimal.valueOf(Long.MAX_VALUE);

    @Test
    void aTotalUpToTheLargestUnitsIsMoney() {
        Money total = DealQueries.total(sum(MAX_UNITS.add(new BigDecimal("0.999999999"))));
        assertEquals(Money.newBuilder().setCurrencyCode("USD").setUnits(Long.MAX_VALUE).setNanos(999_999_999)
                .build(), total);
    }

    @Test
    void aTotalBeyondIsOutOfRange() {
        ApiException e = assertThrows(ApiException.class, () -> DealQueries.total(sum(MAX_UNITS.add(BigDecimal.ONE))));
        assertEquals(Status.Code.OUT_OF_RANGE, e.code());
        assertEquals("TOTAL_OUT_OF_RANGE", e.reason());
        assertEquals(Map.of("currency", "USD"), e.metadata());
    }

    private static AmountSum sum(BigDecimal total) {
        return new AmountSum("", "AMOUNT_TYPE_COMMITTED", "USD", total, 9_300);
    }
}
