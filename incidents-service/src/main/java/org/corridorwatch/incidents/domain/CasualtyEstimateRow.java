package org.corridorwatch.incidents.domain;

import jakarta.persistence.Embeddable;

import org.corridorwatch.api.incidents.v1.CasualtyEstimate;

/**
 * A casualty count as low, best and high estimates, stored in the columns {@code <prefix>_low},
 * {@code <prefix>_best} and {@code <prefix>_high} (the embedding field's
 * {@code @EmbeddedColumnNaming("<prefix>_%s")}). An unset low or high end is stored as the best
 * estimate.
 */
@Embeddable
public class CasualtyEstimateRow {

    public int low;
    public int best;
    public int high;

    /** The row of a validated estimate. */
    public static CasualtyEstimateRow of(CasualtyEstimate estimate) {
        CasualtyEstimateRow row = new CasualtyEstimateRow();
        row.low = low(estimate);
        row.best = estimate.getBest();
        row.high = high(estimate);
        return row;
    }

    public CasualtyEstimate toProto() {
        return CasualtyEstimate.newBuilder().setLow(low).setBest(best).setHigh(high).build();
    }

    /** The low end of an estimate; unset means the best estimate. */
    public static int low(CasualtyEstimate estimate) {
        return estimate.hasLow() ? estimate.getLow() : estimate.getBest();
    }

    /** The high end of an estimate; unset means the best estimate. */
    public static int high(CasualtyEstimate estimate) {
        return estimate.hasHigh() ? estimate.getHigh() : estimate.getBest();
    }
}
