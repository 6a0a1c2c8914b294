package org.corridorwatch.investments.service;

import jakarta.inject.Singleton;

import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealFilter;
import org.corridorwatch.investments.domain.DealEntity;
import org.corridorwatch.investments.mapping.DealMapper;
import org.corridorwatch.investments.repository.DealRepository;
import org.corridorwatch.investments.repository.DealSqlFilter;
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

    public DealResource(DealRepository deals) {
        super(ResourceDefinition.<DealEntity, Deal, DealFilter> of("deal", Deal.getDefaultInstance())
                .repository(deals)
                .mapping(DealEntity::new, DealMapper::toProto, DealMapper::copyInto)
                .validator(DealValidator::validateDeal)
                .filter(DealValidator::validateFilter, DealSqlFilter::of, "deals d")
                .orderings(KeysetOrder.byDateOrUpdateTime("announced_date", "d.announced_start", "d.update_time"),
                        deal -> deal.announcedDate.firstDay)
                .changedOnlyBy("status", "TransitionDealStatus"));
    }
}
