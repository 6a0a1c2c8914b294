package org.corridorwatch.investments.service;

import java.time.LocalDate;

import javax.sql.DataSource;

import jakarta.inject.Singleton;

import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealFilter;
import org.corridorwatch.investments.domain.DealEntity;
import org.corridorwatch.investments.mapping.DealMapper;
import org.corridorwatch.investments.repository.DealRepository;
import org.corridorwatch.investments.repository.DealSqlFilter;
import org.corridorwatch.support.dates.PartialDateWithSpan;
import org.corridorwatch.support.paging.KeysetOrder;
import org.corridorwatch.support.resources.ResourceDefinition;
import org.corridorwatch.support.resources.StandardMethods;

/**
 * Deals as a standard resource: Get, BatchGet, List, Create, Update and Delete come from the shared
 * engine; this says only what is a deal's own. The status is set on create and then changes only
 * through TransitionDealStatus (DealWriter), which also records a deal's first history entry.
 */
@Singleton
public class DealResource extends StandardMethods<DealEntity, Deal, DealFilter> {

    /** The sort key of a deal without an announced date: before every date a deal may have. */
    static final LocalDate UNDATED = LocalDate.of(1, 1, 1);
    /** The announced-date orderings' key; V5__optional_announced_date.sql indexes it with the id. */
    static final String ANNOUNCED_ORDER = "COALESCE(d.announced_start, DATE '0001-01-01')";

    public DealResource(DealRepository deals, DataSource dataSource) {
        super(ResourceDefinition.<DealEntity, Deal, DealFilter> of("deal", Deal.getDefaultInstance())
                .repository(deals)
                .mapping(DealEntity::new, DealMapper::toProto, DealMapper::copyInto)
                .exportRows(DealMapper.EXPORT_ROWS)
                .validator(DealValidator::validateDeal)
                .filter(DealValidator::validateFilter, DealSqlFilter::of, "deals d")
                // A deal without an announced date has no span (announced_start NULL): it sorts as
                // the oldest, on a key that is never NULL, so the keyset's row comparison and the
                // page token always have a value (V5 indexes the expression).
                .orderings(KeysetOrder.byDateOrUpdateTime("announced_date", ANNOUNCED_ORDER, "d.update_time"),
                        DealResource::announcedOrderKey)
                .changedOnlyBy("status", "TransitionDealStatus")
                .restoring(DealMapper::restoreStatus), dataSource);
    }

    /** A deal's value of ANNOUNCED_ORDER: the first day of its announced date, UNDATED without one. */
    private static LocalDate announcedOrderKey(Deal deal) {
        LocalDate firstDay = PartialDateWithSpan.of(deal.getAnnouncedDate()).firstDay;
        return firstDay != null ? firstDay : UNDATED;
    }
}
