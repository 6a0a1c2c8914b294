package org.corridorwatch.investments.repository;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;

import org.corridorwatch.investments.domain.DealEntity;
import org.corridorwatch.support.persistence.SqlConditions;
import org.corridorwatch.support.resources.ResourceRepository;

import org.corridorwatch.api.investments.v1.DealFilter;
import org.corridorwatch.api.investments.v1.DealGrouping;

/** Stored deals: lookups, keyset pages and per-currency summaries, all in PostgreSQL. */
@ApplicationScoped
public class DealRepository implements ResourceRepository<DealEntity> {

    /** Deal count of a group; key "" for the total. */
    public record GroupCount(String key, long dealCount) {
    }

    /** The sum of one amount type in one currency within a group. */
    public record AmountSum(String key, String amountType, String currencyCode, BigDecimal total, long dealCount) {
    }

    /**
     * The FROM clause giving each matching deal ({@code d}) its group key {@code g.key}, per
     * grouping; null means one group, the total, with key "". A deal with several counterparts
     * or sectors is in several groups; one without counterparts is in the group "".
     */
    private static String keyedDeals(DealGrouping grouping) {
        if (grouping == null) {
            return "deals d CROSS JOIN (VALUES ('')) AS g(key)";
        }
        return switch (grouping) {
            case DEAL_GROUPING_COUNTERPART_COUNTRY ->
                "deals d LEFT JOIN LATERAL unnest(d.counterpart_countries) AS g(key) ON TRUE";
            case DEAL_GROUPING_SECTOR -> "deals d CROSS JOIN LATERAL unnest(d.sectors) AS g(key)";
            case DEAL_GROUPING_STATUS -> "deals d CROSS JOIN LATERAL (VALUES (d.status)) AS g(key)";
            case DEAL_GROUPING_KIND -> "deals d CROSS JOIN LATERAL (VALUES (d.kind)) AS g(key)";
            default -> throw new IllegalArgumentException("Unsupported grouping " + grouping);
        };
    }

    /** What a summary shows of the total (key "") or of a grouping's groups. */
    public record Figures(List<GroupCount> counts, List<AmountSum> sums) {
    }

    /** A summary's figures: of the total, and of the grouping's groups. */
    public record Summary(Figures total, Figures groups) {
    }

    /**
     * The figures of the total and of {@code grouping}'s groups over the deals the filter selects.
     * Read from the summary counts when they can answer ({@link DealSummaryCounts}: {@code now},
     * and a filter of the fields they are kept by), in one statement; otherwise from the deals
     * themselves, two statements each, which the caller's snapshot makes agree.
     *
     * @param now whether the summary is of the deals now, not as they stood at a read_time (the
     *        counts are of the live rows only; PastRecords puts past rows in place of the deals)
     */
    public Summary summarize(DealFilter filter, DealGrouping grouping, boolean now) {
        if (now && DealSummaryCounts.canAnswer(filter)) {
            return figuresFromCounts(filter, grouping);
        }
        return new Summary(scanFigures(filter, null), scanFigures(filter, grouping));
    }

    @SuppressWarnings("unchecked")
    private Summary figuresFromCounts(DealFilter filter, DealGrouping grouping) {
        Figures total = new Figures(new ArrayList<>(), new ArrayList<>());
        Figures groups = new Figures(new ArrayList<>(), new ArrayList<>());
        SqlConditions counts = DealSummaryCounts.conditions(filter, grouping);
        Query query = counts.bindTo(getEntityManager().createNativeQuery(DealSummaryCounts.figures(counts)));
        for (Object[] row : (List<Object[]>) query.getResultList()) {
            Figures figures = "TOTAL".equals(row[0]) ? total : groups;
            String key = (String) row[1];
            String amountType = (String) row[2];
            long deals = ((Number) row[5]).longValue();
            if (amountType.isEmpty()) {
                figures.counts().add(new GroupCount(key, deals));
            } else {
                figures.sums().add(new AmountSum(key, amountType, (String) row[3], (BigDecimal) row[4], deals));
            }
        }
        return new Summary(total, groups);
    }

    /**
     * Deal counts per group ordered by key, and per group, amount type and currency the sum of
     * each matching deal's latest amount of that type and currency: the latest as-of date, undated
     * counting as oldest, ties going to the later entry. Never converts between currencies. A
     * null grouping gives the one total.
     */
    @SuppressWarnings("unchecked")
    private Figures scanFigures(DealFilter filter, DealGrouping grouping) {
        SqlConditions sql = DealSqlFilter.of(filter);
        Query countQuery = sql.bindTo(getEntityManager().createNativeQuery("SELECT coalesce(g.key, ''),"
                + " count(DISTINCT d.id) FROM " + keyedDeals(grouping) + sql.where() + " GROUP BY 1 ORDER BY 1"));
        List<GroupCount> counts = new ArrayList<>();
        for (Object[] row : (List<Object[]>) countQuery.getResultList()) {
            counts.add(new GroupCount((String) row[0], ((Number) row[1]).longValue()));
        }
        String statement = "WITH g AS (SELECT coalesce(g.key, '') AS key, d.id FROM " + keyedDeals(grouping)
                + sql.where() + "),"
                + " latest AS (SELECT DISTINCT ON (a.deal_id, a.amount_type, a.currency_code)"
                + " a.deal_id, a.amount_type, a.currency_code, a.amount FROM deal_amounts a"
                + " WHERE a.deal_id IN (SELECT id FROM g)"
                + " ORDER BY a.deal_id, a.amount_type, a.currency_code, a.as_of_start DESC NULLS LAST,"
                + " a.position DESC)"
                + " SELECT g.key, l.amount_type, l.currency_code::text, sum(l.amount), count(DISTINCT g.id)"
                + " FROM g JOIN latest l ON l.deal_id = g.id GROUP BY 1, 2, 3";
        List<AmountSum> sums = new ArrayList<>();
        for (Object[] row : (List<Object[]>) sql.bindTo(getEntityManager().createNativeQuery(statement)).getResultList()) {
            sums.add(new AmountSum((String) row[0], (String) row[1], (String) row[2], (BigDecimal) row[3],
                    ((Number) row[4]).longValue()));
        }
        return new Figures(counts, sums);
    }
}
