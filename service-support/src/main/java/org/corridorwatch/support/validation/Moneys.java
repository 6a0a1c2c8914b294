package org.corridorwatch.support.validation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;

import com.google.type.Money;

/**
 * {@code google.type.Money} as the services take and store it: exact decimals (never floating
 * point) in a known ISO 4217 currency, not negative.
 */
public final class Moneys {

    /** The largest amount accepted, in whole units of any currency (a thousand trillion). */
    public static final long MAX_UNITS = 1_000_000_000_000_000L;
    private static final int NANOS_PER_UNIT = 1_000_000_000;
    /**
     * The ISO 4217 codes the JDK knows, less XXX ("no currency") and XTS (reserved for testing),
     * which no real amount is in. Codes of withdrawn currencies stay: an old deal may be in them.
     */
    private static final Set<String> CURRENCY_CODES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode).filter(code -> !code.equals("XXX") && !code.equals("XTS"))
            .collect(Collectors.toUnmodifiableSet());

    private Moneys() {
    }

    /** Adds a violation under {@code field} for each rule the amount breaks. */
    public static void validate(String field, Money money, Violations v) {
        if (money.getCurrencyCode().isEmpty()) {
            v.add(field + ".currency_code", "is required");
        } else if (!CURRENCY_CODES.contains(money.getCurrencyCode())) {
            v.add(field + ".currency_code", "must be a three-letter ISO 4217 currency code in upper case, like \"USD\"");
        }
        if (money.getUnits() < 0) {
            v.add(field + ".units", "must not be negative");
        } else if (money.getUnits() > MAX_UNITS) {
            v.add(field + ".units", "must be at most " + MAX_UNITS);
        }
        if (money.getNanos() < 0 || money.getNanos() >= NANOS_PER_UNIT) {
            v.add(field + ".nanos", "must be between 0 and 999999999");
        }
    }

    /** The exact decimal value of a valid amount. */
    public static BigDecimal toDecimal(Money money) {
        return BigDecimal.valueOf(money.getUnits()).add(BigDecimal.valueOf(money.getNanos(), 9));
    }

    /** A non-negative decimal with at most 9 fractional digits as Money in {@code currencyCode}. */
    public static Money of(String currencyCode, BigDecimal value) {
        BigDecimal scaled = value.setScale(9, RoundingMode.UNNECESSARY);
        BigDecimal units = scaled.setScale(0, RoundingMode.DOWN);
        int nanos = scaled.subtract(units).movePointRight(9).intValueExact();
        return Money.newBuilder().setCurrencyCode(currencyCode).setUnits(units.longValueExact()).setNanos(nanos)
                .build();
    }
}
