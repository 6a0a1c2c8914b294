package org.corridorwatch.investments.service;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.corridorwatch.investments.domain.DealEntity;
import org.corridorwatch.investments.domain.DealStatusTransitionEntity;
import org.corridorwatch.investments.mapping.DealMapper;
import org.corridorwatch.investments.repository.DealOrder;
import org.corridorwatch.investments.repository.DealRepository;
import org.corridorwatch.investments.repository.DealRepository.AmountSum;
import org.corridorwatch.investments.repository.DealRepository.GroupCount;
import org.corridorwatch.investments.repository.DealStatusTransitionRepository;
import org.corridorwatch.support.errors.ApiException;
import org.corridorwatch.support.errors.ResourceException;
import org.corridorwatch.support.persistence.BatchGets;
import org.corridorwatch.support.paging.KeysetOrder;
import org.corridorwatch.support.paging.KeysetPages;
import org.corridorwatch.support.paging.KeysetPages.Page;
import org.corridorwatch.support.paging.PageSizes;
import org.corridorwatch.support.paging.PageTokens;
import org.corridorwatch.support.validation.Moneys;
import org.corridorwatch.support.validation.ResourceNames;
import org.corridorwatch.support.validation.Violations;

import com.google.type.Money;

import org.corridorwatch.api.investments.v1.AmountTotal;
import org.corridorwatch.api.investments.v1.AmountType;
import org.corridorwatch.api.investments.v1.BatchGetDealsRequest;
import org.corridorwatch.api.investments.v1.BatchGetDealsResponse;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealGroupSummary;
import org.corridorwatch.api.investments.v1.GetDealRequest;
import org.corridorwatch.api.investments.v1.ListDealStatusHistoryRequest;
import org.corridorwatch.api.investments.v1.ListDealStatusHistoryResponse;
import org.corridorwatch.api.investments.v1.ListDealsRequest;
import org.corridorwatch.api.investments.v1.ListDealsResponse;
import org.corridorwatch.api.investments.v1.SummarizeDealsRequest;
import org.corridorwatch.api.investments.v1.SummarizeDealsResponse;
import io.grpc.Status;

/** Reading deals: get, batch get, list with filters and keyset pages, summaries, status history. */
@ApplicationScoped
public class DealQueries {

    static final String RESOURCE_TYPE = "corridorwatch.org/Deal";
    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 1000;

    private final DealRepository deals;
    private final DealStatusTransitionRepository history;

    public DealQueries(DealRepository deals, DealStatusTransitionRepository history) {
        this.deals = deals;
        this.history = history;
    }

    @Transactional
    public Deal get(GetDealRequest request) {
        return DealMapper.toProto(find(request.getName(), "name"));
    }

    @Transactional
    public BatchGetDealsResponse batchGet(BatchGetDealsRequest request) {
        return BatchGetDealsResponse.newBuilder().addAllDeals(BatchGets.get(request.getNamesList(), DealMapper.COLLECTION,
                RESOURCE_TYPE, deals::findExisting, DealMapper::toProto)).build();
    }

    @Transactional
    public ListDealsResponse list(ListDealsRequest request) {
        Violations violations = new Violations();
        DealValidator.validateFilter(request.getFilter(), "filter", violations);
        KeysetOrder order = KeysetOrder.parse(request.getOrderBy(), DealOrder.ORDERINGS, "order_by", violations);
        int pageSize = PageSizes.resolve(request.getPageSize(), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, "page_size",
                violations);
        Page<DealEntity> page = KeysetPages.read(order, request.toBuilder().clearPageToken().clearPageSize()
                .build(), request.getPageToken(), pageSize, violations,
                (after, limit) -> deals.findPage(request.getFilter(), order, after, limit), e -> e.announcedStart);
        ListDealsResponse.Builder response = ListDealsResponse.newBuilder().setNextPageToken(page.nextPageToken());
        page.rows().stream().map(DealMapper::toProto).forEach(response::addDeals);
        return response.build();
    }

    @Transactional
    public ListDealStatusHistoryResponse history(ListDealStatusHistoryRequest request) {
        Violations violations = new Violations();
        String id = ResourceNames.parse(DealMapper.COLLECTION, request.getName(), "name", violations);
        int pageSize = PageSizes.resolve(request.getPageSize(), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, "page_size",
                violations);
        ListDealStatusHistoryRequest query = request.toBuilder().clearPageToken().clearPageSize().build();
        List<String> cursorParts = PageTokens.decode(request.getPageToken(), query, 1, "page_token", violations);
        long afterId = 0;
        if (cursorParts != null && !cursorParts.isEmpty()) {
            afterId = parseEntryId(cursorParts.get(0), violations);
        }
        violations.throwIfAny();
        if (deals.findByIdOptional(id).isEmpty()) {
            throw ResourceException.notFound(RESOURCE_TYPE, request.getName());
        }

        List<DealStatusTransitionEntity> rows = history.page(id, afterId, pageSize + 1);
        ListDealStatusHistoryResponse.Builder response = ListDealStatusHistoryResponse.newBuilder();
        rows.stream().limit(pageSize).map(DealMapper::toProto).forEach(response::addTransitions);
        if (rows.size() > pageSize) {
            response.setNextPageToken(PageTokens.encode(query, List.of(rows.get(pageSize - 1).id.toString())));
        }
        return response.build();
    }

    @Transactional
    public SummarizeDealsResponse summarize(SummarizeDealsRequest request) {
        Violations violations = new Violations();
        DealValidator.validateFilter(request.getFilter(), "filter", violations);
        violations.enumValue("group_by", request.getGroupBy(), true);
        violations.throwIfAny();

        deals.readOneSnapshot();
        SummarizeDealsResponse.Builder response = SummarizeDealsResponse.newBuilder();
        response.setTotal(summaries(request, null).values().stream().findFirst()
                .orElse(DealGroupSummary.getDefaultInstance()));
        response.addAllGroups(summaries(request, request.getGroupBy()).values());
        return response.build();
    }

    /** Group summaries by key, in key order; with a null grouping the one total. */
    private Map<String, DealGroupSummary> summaries(SummarizeDealsRequest request,
            org.corridorwatch.api.investments.v1.DealGrouping grouping) {
        Map<String, DealGroupSummary.Builder> groups = new LinkedHashMap<>();
        for (GroupCount count : deals.countDeals(request.getFilter(), grouping)) {
            groups.put(count.key(), DealGroupSummary.newBuilder().setKey(count.key()).setDealCount(count.dealCount()));
        }
        List<AmountSum> sums = new ArrayList<>(deals.sumAmounts(request.getFilter(), grouping));
        sums.sort(Comparator.comparing((AmountSum s) -> AmountType.valueOf(s.amountType()).getNumber())
                .thenComparing(AmountSum::currencyCode));
        for (AmountSum sum : sums) {
            groups.get(sum.key()).addAmountTotals(AmountTotal.newBuilder()
                    .setType(AmountType.valueOf(sum.amountType()))
                    .setTotal(total(sum))
                    .setDealCount(sum.dealCount()));
        }
        Map<String, DealGroupSummary> built = new LinkedHashMap<>();
        groups.forEach((key, builder) -> built.put(key, builder.build()));
        return built;
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

    /** The deal a name refers to; INVALID_ARGUMENT on {@code field} when malformed, NOT_FOUND when missing. */
    DealEntity find(String name, String field) {
        Violations violations = new Violations();
        String id = ResourceNames.parse(DealMapper.COLLECTION, name, field, violations);
        violations.throwIfAny();
        return existing(id, name);
    }

    /** The deal with {@code id}, parsed from {@code name}; NOT_FOUND naming it when missing. */
    DealEntity existing(String id, String name) {
        return deals.findByIdOptional(id).orElseThrow(() -> ResourceException.notFound(RESOURCE_TYPE, name));
    }

    /** A history page token carries the id of the last entry listed; forged ones are refused. */
    private static long parseEntryId(String part, Violations violations) {
        try {
            long id = Long.parseLong(part);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // falls through to the violation
        }
        violations.add("page_token", "is not a page token issued by this service");
        return 0;
    }
}
