package org.corridorwatch.investments.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.corridorwatch.api.investments.v1.AmountTotal;
import org.corridorwatch.api.investments.v1.AmountType;
import org.corridorwatch.api.investments.v1.DealGroupSummary;
import org.corridorwatch.api.investments.v1.ListDealStatusHistoryRequest;
import org.corridorwatch.api.investments.v1.ListDealStatusHistoryResponse;
import org.corridorwatch.api.investments.v1.SummarizeDealsRequest;
import org.corridorwatch.api.investments.v1.SummarizeDealsResponse;
import org.corridorwatch.investments.domain.DealStatusTransitionEntity;
import org.corridorwatch.investments.mapping.DealMapper;
import org.corridorwatch.investments.repository.DealRepository;
import org.corridorwatch.investments.repository.DealRepository.AmountSum;
import org.corridorwatch.investments.repository.DealRepository.Figures;
import org.corridorwatch.investments.repository.DealRepository.GroupCount;
import org.corridorwatch.investments.repository.DealRepository.Summary;
import org.corridorwatch.investments.repository.DealStatusTransitionRepository;
import org.corridorwatch.support.errors.ApiException;
import org.corridorwatch.support.paging.KeysetPages;
import org.corridorwatch.support.paging.KeysetPages.Page;
import org.corridorwatch.support.paging.PageSizes;
import org.corridorwatch.support.validation.Moneys;
import org.corridorwatch.support.validation.Violations;

import com.google.type.Money;

import io.grpc.Status;
import io.quarkus.narayana.jta.QuarkusTransaction;

/** Deals' own reads: summaries and the status history. The standard methods are DealResource's. */
@ApplicationScoped
public class DealQueries {

    private final DealResource deals;
    private final DealRepository records;
    private final DealStatusTransitionRepository history;

    public DealQueries(DealResource deals, DealRepository records, DealStatusTransitionRepository history) {
        this.deals = deals;
        this.records = records;
        this.history = history;
    }

    /** The deal's status history, oldest first, a keyset page at a time (by entry id). */
    public ListDealStatusHistoryResponse history(ListDealStatusHistoryRequest request) {
        Violations violations = new Violations();
        String id = deals.id(request.getName(), "name", violations);
        int pageSize = PageSizes.resolve(request.getPageSize(), PageSizes.DEFAULT, PageSizes.MAX, "page_size",
                violations);
        return QuarkusTransaction.joiningExisting().call(() -> {
            Page<DealStatusTransitionEntity> page = KeysetPages.read(PageSizes.withoutPaging(request),
                    request.getPageToken(), 1, pageSize, violations, parts -> parseEntryId(parts.get(0), violations),
                    (afterId, limit) -> {
                        deals.existing(id); // NOT_FOUND once the request itself is valid
                        return history.page(id, afterId == null ? 0 : afterId, limit);
                    }, last -> List.of(last.id.toString()));
            return ListDealStatusHistoryResponse.newBuilder().setNextPageToken(page.nextPageToken())
                    .addAllTransitions(page.rows().stream().map(DealMapper::toProto).toList()).build();
        });
    }

    /**
     * The total and the groups come from one snapshot, so they agree while deals are written; now,
     * or as the deals stood at the request's read_time.
     */
    public SummarizeDealsResponse summarize(SummarizeDealsRequest request) {
        Violations violations = new Violations();
        DealValidator.validateFilter(request.getFilter(), "filter", violations);
        violations.enumValue("group_by", request.getGroupBy(), true);
        Instant readTime = deals.readTime(request, violations);
        violations.throwIfAny();

        boolean now = readTime == null;
        return deals.snapshotAt(readTime, () -> {
            Summary summary = records.summarize(request.getFilter(), request.getGroupBy(), now);
            return SummarizeDealsResponse.newBuilder()
                    .setTotal(summaries(summary.total()).stream().findFirst().orElse(DealGroupSummary.getDefaultInstance()))
                    .addAllGroups(summaries(summary.groups())).build();
        });
    }

    /** Group summaries in key order; of the total, the one summary with key "". */
    private static List<DealGroupSummary> summaries(Figures figures) {
        Map<String, DealGroupSummary.Builder> groups = new LinkedHashMap<>();
        for (GroupCount count : figures.counts()) {
            groups.put(count.key(), DealGroupSummary.newBuilder().setKey(count.key()).setDealCount(count.dealCount()));
        }
        List<AmountSum> sums = new ArrayList<>(figures.sums());
        sums.sort(Comparator.comparing((AmountSum s) -> AmountType.valueOf(s.amountType()).getNumber())
                .thenComparing(AmountSum::currencyCode));
        for (AmountSum sum : sums) {
            groups.get(sum.key()).addAmountTotals(AmountTotal.newBuilder()
                    .setType(AmountType.valueOf(sum.amountType()))
                    .setTotal(total(sum))
                    .setDealCount(sum.dealCount()));
        }
        return groups.values().stream().map(DealGroupSummary.Builder::build).toList();
    }

    /**
     * A sum as Money; OUT_OF_RANGE beyond the 2^63 - 1 units Money can carry (thousands of huge
     * deals). Package-private for the unit test: the API would need ~9,300 maximal deals.
     */
    static Money total(AmountSum sum) {
        try {
            return Moneys.of(sum.currencyCode(), sum.total());
        } catch (ArithmeticException e) {
            throw new ApiException(Status.Code.OUT_OF_RANGE, "TOTAL_OUT_OF_RANGE", "A " + sum.currencyCode()
                    + " total exceeds what google.type.Money can carry; narrow the filter.",
                    Map.of("currency", sum.currencyCode()), List.of());
        }
    }

    /** A history page token carries the id of the last entry listed; forged ones are refused. */
    private static Long parseEntryId(String part, Violations violations) {
        try {
            long id = Long.parseLong(part);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // falls through to the violation
        }
        violations.add("page_token", "is not a page token issued by this service");
        return null;
    }
}
