package org.corridorwatch.investments.domain;

import java.math.BigDecimal;
import java.time.LocalDate;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import org.corridorwatch.support.sources.SourceRow;

import org.corridorwatch.api.investments.v1.AmountType;

/** One stated amount of a deal, exact, in its original currency. As-of year 0 means undated. */
@Embeddable
public class DealAmountRow {

    @Enumerated(EnumType.STRING)
    @Column(name = "amount_type")
    public AmountType type;
    @Column(name = "currency_code")
    public String currencyCode;
    public BigDecimal amount;
    @Column(name = "as_of_year")
    public int asOfYear;
    @Column(name = "as_of_month")
    public int asOfMonth;
    @Column(name = "as_of_day")
    public int asOfDay;
    /** First day of the as-of span, null when undated: orders revisions in summaries. */
    @Column(name = "as_of_start")
    public LocalDate asOfStart;
    /** Whether the amount names its own source (the embedded columns are then filled). */
    @Column(name = "has_source")
    public boolean hasSource;
    @Embedded
    public SourceRow source;
}
