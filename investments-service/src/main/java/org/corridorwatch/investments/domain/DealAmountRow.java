package org.corridorwatch.investments.domain;

import java.math.BigDecimal;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.Embedded;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import org.corridorwatch.support.dates.PartialDateWithFirstDay;
import org.corridorwatch.support.sources.SourceRow;
import org.hibernate.annotations.EmbeddedColumnNaming;

import org.corridorwatch.api.investments.v1.AmountType;

/** One stated amount of a deal, exact, in its original currency. */
@Embeddable
public class DealAmountRow {

    @Enumerated(EnumType.STRING)
    @Column(name = "amount_type")
    public AmountType type;
    @Column(name = "currency_code")
    public String currencyCode;
    public BigDecimal amount;
    /** Absent when undated; the first day orders an amount's revisions in summaries. */
    @Embedded
    @EmbeddedColumnNaming("as_of_%s")
    public PartialDateWithFirstDay asOfDate = new PartialDateWithFirstDay();
    /** Whether the amount names its own source (the embedded columns are then filled). */
    @Column(name = "has_source")
    public boolean hasSource;
    @Embedded
    public SourceRow source;
}
