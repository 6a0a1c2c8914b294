package org.corridorwatch.investments.repository;

import org.corridorwatch.support.persistence.SqlConditions;

import org.corridorwatch.api.investments.v1.Commodity;
import org.corridorwatch.api.investments.v1.DealFilter;
import org.corridorwatch.api.investments.v1.DealGrouping;
import org.corridorwatch.api.investments.v1.Programme;
import org.corridorwatch.api.investments.v1.Sector;

/**
 * SummarizeDeals read from the summary counts (migration V7): per group of every grouping and per
 * programme, announced year, kind and status, the live deals counted and the latest amount of each
 * per type and currency summed, kept by triggers that settle each written deal at commit. A summary
 * costs a few thousand count rows instead of every matching deal and its amounts, and is exactly
 * what the scan gives, since a snapshot sees the counts and the deals as of the same commits.
 *
 * <p>The counts answer a filter made only of kinds, statuses, programme and an announced range of
 * whole years (from a year's first day, to a year's last: a deal lies within such a range exactly
 * when its announced year does; an unannounced deal never does). Anything else (sector,
 * counterpart, party, commodity, signed dates, min_amount, text, a range within a year; a
 * read_time) is answered by the scan in {@link DealRepository}.
 */
final class DealSummaryCounts {

    private DealSummaryCounts() {
    }

    static boolean canAnswer(DealFilter filter) {
        return filter.getSector() == Sector.SECTOR_UNSPECIFIED && filter.getCounterpartCountry().isEmpty()
                && filter.getParty().isBlank() && filter.getCommodity() == Commodity.COMMODITY_UNSPECIFIED
                && !filter.hasSignedAfter() && !filter.hasSignedBefore() && !filter.hasMinAmount()
                && filter.getQuery().isBlank()
                && SqlConditions.isWholeYears(filter.hasAnnouncedAfter(), filter.getAnnouncedAfter(),
                        filter.hasAnnouncedBefore(), filter.getAnnouncedBefore());
    }

    /** The counts of {@code grouping}'s groups (null: the total) that the filter selects, aliased {@code c}. */
    static SqlConditions conditions(DealFilter filter, DealGrouping grouping) {
        SqlConditions sql = SqlConditions.overFigures()
                .add("c.grouped_by = :groupedBy", "groupedBy",
                        grouping == null ? "TOTAL" : grouping.name().substring("DEAL_GROUPING_".length()))
                .anyOf("c.kind", "kinds", filter.getKindsList())
                .anyOf("c.status", "statuses", filter.getStatusesList())
                .yearWithin("c.announced_year", filter.hasAnnouncedAfter(), filter.getAnnouncedAfter(),
                        filter.hasAnnouncedBefore(), filter.getAnnouncedBefore());
        if (filter.getProgramme() != Programme.PROGRAMME_UNSPECIFIED) {
            sql.add("c.programme = :programme", "programme", filter.getProgramme().name());
        }
        return sql;
    }

    /** Rows (key, deals) ordered by key, as DealRepository.countDeals'. */
    static String dealCounts(SqlConditions sql) {
        return "SELECT c.key, sum(c.deals) FROM deal_summary_counts c" + sql.where() + " AND c.amount_type = ''"
                + " GROUP BY 1 HAVING sum(c.deals) > 0 ORDER BY 1";
    }

    /** Rows (key, amount type, currency, total, deals), as DealRepository.sumAmounts'. */
    static String amountSums(SqlConditions sql) {
        return "SELECT c.key, c.amount_type, c.currency_code, sum(c.amount), sum(c.deals) FROM deal_summary_counts c"
                + sql.where() + " AND c.amount_type <> '' GROUP BY 1, 2, 3 HAVING sum(c.deals) > 0";
    }
}
