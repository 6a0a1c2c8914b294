package org.corridorwatch.investments.repository;

import org.corridorwatch.support.persistence.SqlConditions;
import org.corridorwatch.support.validation.Moneys;

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
        SqlConditions sql = SqlConditions.notDeleted("d")
                .anyOf("d.kind", "kinds", filter.getKindsList())
                .anyOf("d.status", "statuses", filter.getStatusesList())
                .dateWithin("d.announced", filter.hasAnnouncedAfter(), filter.getAnnouncedAfter(),
                        filter.hasAnnouncedBefore(), filter.getAnnouncedBefore())
                .dateWithin("d.signed", filter.hasSignedAfter(), filter.getSignedAfter(), filter.hasSignedBefore(),
                        filter.getSignedBefore());
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
        if (filter.hasMinAmount()) {
            sql.add("EXISTS (SELECT 1 FROM deal_amounts a WHERE a.deal_id = d.id"
                    + " AND a.currency_code = :minCurrency AND a.amount >= :minAmount)",
                    "minCurrency", filter.getMinAmount().getCurrencyCode())
                    .bind("minAmount", Moneys.toDecimal(filter.getMinAmount()));
        }
        return sql.matches("d.search_vector", filter.getQuery());
    }
}
