package org.corridorwatch.investments.repository;

import org.corridorwatch.support.persistence.SqlConditions;
import org.corridorwatch.support.validation.Moneys;
import org.corridorwatch.support.validation.PartialDates;

import org.corridorwatch.api.investments.v1.Commodity;
import org.corridorwatch.api.investments.v1.DealFilter;
import org.corridorwatch.api.investments.v1.Programme;
import org.corridorwatch.api.investments.v1.Sector;

/**
 * The WHERE clause of a validated DealFilter, over the table alias {@code d}. Every condition has
 * an index behind it (V1__deals.sql; signed_before's in V2).
 */
public final class DealSqlFilter {

    private DealSqlFilter() {
    }

    public static SqlConditions of(DealFilter filter) {
        SqlConditions sql = new SqlConditions();
        if (filter.getKindsCount() > 0) {
            sql.add("d.kind IN (:kinds)", "kinds", filter.getKindsList().stream().map(Enum::name).toList());
        }
        if (filter.getStatusesCount() > 0) {
            sql.add("d.status IN (:statuses)", "statuses", filter.getStatusesList().stream().map(Enum::name).toList());
        }
        if (filter.getSector() != Sector.SECTOR_UNSPECIFIED) {
            sql.add("d.sectors @> ARRAY[CAST(:sector AS text)]", "sector", filter.getSector().name());
        }
        if (!filter.getCounterpartCountry().isEmpty()) {
            sql.add("d.counterpart_countries @> ARRAY[CAST(:counterpart AS text)]", "counterpart",
                    filter.getCounterpartCountry());
        }
        if (!filter.getParty().isBlank()) {
            sql.add("EXISTS (SELECT 1 FROM deal_parties p WHERE p.deal_id = d.id AND lower(p.name) = lower(:party))",
                    "party", filter.getParty().strip());
        }
        if (filter.getCommodity() != Commodity.COMMODITY_UNSPECIFIED) {
            sql.add("d.commodities @> ARRAY[CAST(:commodity AS text)]", "commodity", filter.getCommodity().name());
        }
        if (filter.getProgramme() != Programme.PROGRAMME_UNSPECIFIED) {
            sql.add("d.programme = :programme", "programme", filter.getProgramme().name());
        }
        if (filter.hasAnnouncedAfter()) {
            sql.add("d.announced_start >= :announcedAfter", "announcedAfter",
                    PartialDates.span(filter.getAnnouncedAfter()).first());
        }
        if (filter.hasAnnouncedBefore()) {
            // Implied by the CHECK announced_start <= announced_end; lets the (announced_start, id) order index stop early.
            sql.add("d.announced_end <= :announcedBefore AND d.announced_start <= :announcedBefore", "announcedBefore",
                    PartialDates.span(filter.getAnnouncedBefore()).last());
        }
        if (filter.hasSignedAfter()) {
            sql.add("d.signed_start >= :signedAfter", "signedAfter", PartialDates.span(filter.getSignedAfter()).first());
        }
        if (filter.hasSignedBefore()) {
            sql.add("d.signed_end <= :signedBefore", "signedBefore", PartialDates.span(filter.getSignedBefore()).last());
        }
        if (filter.hasMinAmount()) {
            sql.add("EXISTS (SELECT 1 FROM deal_amounts a WHERE a.deal_id = d.id"
                    + " AND a.currency_code = :minCurrency AND a.amount >= :minAmount)",
                    "minCurrency", filter.getMinAmount().getCurrencyCode())
                    .bind("minAmount", Moneys.toDecimal(filter.getMinAmount()));
        }
        if (!filter.getQuery().isBlank()) {
            sql.add("d.search_vector @@ websearch_to_tsquery('english', :query)", "query", filter.getQuery());
        }
        return sql;
    }
}
