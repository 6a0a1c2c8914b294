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

    /** The counts of the total and of {@code grouping}'s groups that the filter selects, aliased {@code c}. */
    static SqlConditions conditions(DealFilter filter, DealGrouping grouping) {
        SqlConditions sql = SqlConditions.overFigures()
                .add("c.grouped_by IN ('TOTAL', :groupedBy)", "groupedBy",
                        grouping.name().substring("DEAL_GROUPING_".length()))
                .anyOf("c.kind", "kinds", filter.getKindsList())
                .anyOf("c.status", "statuses", filter.getStatusesList())
                .yearWithin("c.announced_year", filter.hasAnnouncedAfter(), filter.getAnnouncedAfter(),
                        filter.hasAnnouncedBefore(), filter.getAnnouncedBefore());
        if (filter.getProgramme() != Programme.PROGRAMME_UNSPECIFIED) {
            sql.add("c.programme = :programme", "programme", filter.getProgramme().name());
        }
        return sql;
    }

    /**
     * Rows (grouped by, key, amount type, currency, total, deals) of the total and of the groups,
     * ordered by key, in one read of the count rows: a row of amount type '' counts a group's
     * deals, any other sums their latest amounts of that type and currency. One statement reads
     * each count row once, where a statement per figure (total and groups, counts and sums) read
     * the group's rows twice and the total's twice more (issue 12: 70-106 ms by sector at 100k deals).
     */
    static String figures(SqlConditions sql) {
        return "SELECT c.grouped_by, c.key, c.amount_type, c.currency_code, sum(c.amount), sum(c.deals)"
                + " FROM deal_summary_counts c" + sql.where()
                + " GROUP BY 1, 2, 3, 4 HAVING sum(c.deals) > 0 ORDER BY 2";
    }
}
