package org.corridorwatch.support.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.rpc.BadRequest.FieldViolation;
import com.google.type.Money;

class MoneysTest {

    @Test
    void acceptsAKnownCurrencyWithUnitsAndNanos() {
        Violations v = new Violations();
        Moneys.validate("value", money("PKR", 12, 500_000_000), v);
        assertTrue(v.isEmpty(), () -> v.list().toString());
    }

    @Test
    void refusesUnknownCurrencyNegativeUnitsAndNanosOutOfRange() {
        Violations v = new Violations();
        Moneys.validate("value", money("XYZ", -1, 1_000_000_000), v);
        assertEquals(List.of("value.currency_code", "value.units", "value.nanos"),
                v.list().stream().map(FieldViolation::getField).toList());
    }

    @Test
    void refusesTheCodesThatAreNoCurrency() {
        for (String code : List.of("XXX", "XTS", "usd", "US")) {
            Violations v = new Violations();
            Moneys.validate("value", money(code, 1, 0), v);
            assertEquals(List.of("value.currency_code"), v.list().stream().map(FieldViolation::getField).toList(),
                    code);
        }
        Violations v = new Violations();
        Moneys.validate("value", money("CNY", 1, 0), v);
        Moneys.validate("value", money("XDR", 1, 0), v); // IMF special drawing rights: lent in
        assertTrue(v.isEmpty(), () -> v.list().toString());
    }

    @Test
    void refusesAMissingCurrencyAndAmountsAboveTheCap() {
        Violations v = new Violations();
        Moneys.validate("value", money("", Moneys.MAX_UNITS + 1, 0), v);
        assertEquals(List.of("value.currency_code", "value.units"),
                v.list().stream().map(FieldViolation::getField).toList());
    }

    @Test
    void convertsToAndFromExactDecimals() {
        Money money = money("USD", 2_000_000_000L, 1);
        BigDecimal decimal = Moneys.toDecimal(money);
        assertEquals(new BigDecimal("2000000000.000000001"), decimal);
        assertEquals(money, Moneys.of("USD", decimal));
        // Sums of many amounts stay exact, whatever their scale.
        assertEquals(money("USD", 1, 0), Moneys.of("USD", new BigDecimal("0.6").add(new BigDecimal("0.400000000"))));
    }

    @Test
    void refusesADecimalWithMoreThanNineFractionalDigits() {
        assertThrows(ArithmeticException.class, () -> Moneys.of("USD", new BigDecimal("0.0000000001")));
    }

    private static Money money(String currency, long units, int nanos) {
        return Money.newBuilder().setCurrencyCode(currency).setUnits(units).setNanos(nanos).build();
    }
}
