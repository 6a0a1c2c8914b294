package org.corridorwatch.diplomacy.service;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.corridorwatch.diplomacy.domain.StatementEntity;
import org.corridorwatch.diplomacy.mapping.StatementMapper;
import org.corridorwatch.diplomacy.repository.StatementOrder;
import org.corridorwatch.diplomacy.repository.StatementRepository;
import org.corridorwatch.diplomacy.repository.StatementRepository.SearchCursor;
import org.corridorwatch.diplomacy.repository.StatementRepository.SearchHit;
import org.corridorwatch.support.errors.ResourceException;
import org.corridorwatch.support.persistence.BatchGets;
import org.corridorwatch.support.paging.KeysetOrder;
import org.corridorwatch.support.paging.KeysetPages;
import org.corridorwatch.support.paging.KeysetPages.Page;
import org.corridorwatch.support.paging.PageSizes;
import org.corridorwatch.support.paging.PageTokens;
import org.corridorwatch.support.validation.ResourceNames;
import org.corridorwatch.support.validation.Violations;

import com.google.protobuf.Message;

import org.corridorwatch.api.diplomacy.v1.BatchGetStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.BatchGetStatementsResponse;
import org.corridorwatch.api.diplomacy.v1.GetPositionTimelineRequest;
import org.corridorwatch.api.diplomacy.v1.GetPositionTimelineResponse;
import org.corridorwatch.api.diplomacy.v1.GetStatementRequest;
import org.corridorwatch.api.diplomacy.v1.ListStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.ListStatementsResponse;
import org.corridorwatch.api.diplomacy.v1.PositionTimelineEntry;
import org.corridorwatch.api.diplomacy.v1.SearchStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.SearchStatementsResponse;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementFilter;
import org.corridorwatch.api.diplomacy.v1.StatementSearchResult;

/**
 * Reading statements: get, batch get, list with filters, full-text search and position
 * timelines, all a keyset page at a time. Reads never call another service.
 */
@ApplicationScoped
public class StatementQueries {

    static final String RESOURCE_TYPE = "corridorwatch.org/Statement";
    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 1000;

    private final StatementRepository statements;

    public StatementQueries(StatementRepository statements) {
        this.statements = statements;
    }

    @Transactional
    public Statement get(GetStatementRequest request) {
        Violations violations = new Violations();
        String id = ResourceNames.parse(StatementMapper.COLLECTION, request.getName(), "name", violations);
        violations.throwIfAny();
        return statements.findByIdOptional(id).map(StatementMapper::toProto)
                .orElseThrow(() -> ResourceException.notFound(RESOURCE_TYPE, request.getName()));
    }

    @Transactional
    public BatchGetStatementsResponse batchGet(BatchGetStatementsRequest request) {
        return BatchGetStatementsResponse.newBuilder().addAllStatements(BatchGets.get(request.getNamesList(),
                StatementMapper.COLLECTION, RESOURCE_TYPE, statements::findExisting, StatementMapper::toProto)).build();
    }

    @Transactional
    public ListStatementsResponse list(ListStatementsRequest request) {
        Violations violations = new Violations();
        StatementValidator.validateFilter(request.getFilter(), "filter", violations);
        KeysetOrder order = KeysetOrder.parse(request.getOrderBy(), StatementOrder.ORDERINGS, "order_by", violations);
        int pageSize = pageSize(request.getPageSize(), violations);
        Page<StatementEntity> page = page(request.getFilter(), order, request.toBuilder().clearPageToken().clearPageSize().build(),
                request.getPageToken(), pageSize, violations);

        ListStatementsResponse.Builder response = ListStatementsResponse.newBuilder()
                .setNextPageToken(page.nextPageToken());
        page.rows().stream().map(StatementMapper::toProto).forEach(response::addStatements);
        return response.build();
    }

    @Transactional
    public GetPositionTimelineResponse timeline(GetPositionTimelineRequest request) {
        Violations violations = new Violations();
        StatementValidator.topic("topic", request.getTopic(), violations);
        violations.countryCode("country_code", request.getCountryCode(), false);
        violations.maxLength("organization", request.getOrganization(), StatementValidator.MAX_NAME);
        int pageSize = pageSize(request.getPageSize(), violations);
        // A timeline is a list of the topic's statements, oldest first.
        StatementFilter filter = StatementFilter.newBuilder().setTopic(request.getTopic())
                .setCountryCode(request.getCountryCode()).setOrganization(request.getOrganization()).build();
        Page<StatementEntity> page = page(filter, StatementOrder.DATE_ASC, request.toBuilder().clearPageToken().clearPageSize().build(),
                request.getPageToken(), pageSize, violations);

        GetPositionTimelineResponse.Builder response = GetPositionTimelineResponse.newBuilder()
                .setNextPageToken(page.nextPageToken());
        for (StatementEntity row : page.rows()) {
            response.addEntries(PositionTimelineEntry.newBuilder()
                    .setStance(StatementMapper.stanceToward(row, request.getTopic()))
                    .setStatement(StatementMapper.toProto(row)));
        }
        return response.build();
    }

    @Transactional
    public SearchStatementsResponse search(SearchStatementsRequest request) {
        Violations violations = new Violations();
        violations.requiredText("query", request.getQuery(), StatementValidator.MAX_QUERY);
        StatementValidator.validateFilter(request.getFilter(), "filter", violations);
        int pageSize = pageSize(request.getPageSize(), violations);
        SearchStatementsRequest query = request.toBuilder().clearPageToken().clearPageSize().build();
        List<String> cursorParts = PageTokens.decode(request.getPageToken(), query, 2, "page_token", violations);
        SearchCursor after = cursorParts == null || cursorParts.isEmpty() ? null
                : searchCursor(cursorParts, violations);
        violations.throwIfAny();

        // The hits (rank, snippet) and the statements shown with them come from two queries:
        // one snapshot keeps them the same versions while statements are written.
        statements.readOneSnapshot();
        // One row more than the page tells whether another page follows.
        List<SearchHit> hits = statements.search(request.getQuery(), request.getFilter(), after, pageSize + 1);
        List<SearchHit> shown = hits.subList(0, Math.min(pageSize, hits.size()));
        Map<String, StatementEntity> found = statements.findExisting(shown.stream().map(SearchHit::id).toList())
                .stream().collect(Collectors.toMap(e -> e.id, Function.identity()));
        SearchStatementsResponse.Builder response = SearchStatementsResponse.newBuilder();
        for (SearchHit hit : shown) {
            StatementEntity entity = found.get(hit.id());
            if (entity != null) { // else deleted between the two queries
                response.addResults(StatementSearchResult.newBuilder().setStatement(StatementMapper.toProto(entity))
                        .setRelevance(hit.relevance()).setSnippet(hit.snippet()));
            }
        }
        if (hits.size() > pageSize) {
            SearchHit last = shown.get(shown.size() - 1);
            // Float.toString gives the shortest text that parses back to the same float.
            response.setNextPageToken(PageTokens.encode(query, List.of(Float.toString(last.relevance()), last.id())));
        }
        return response.build();
    }

    /** The page of statements matching the filter after the token's cursor (see KeysetPages). */
    private Page<StatementEntity> page(StatementFilter filter, KeysetOrder order, Message query, String token,
            int pageSize, Violations violations) {
        return KeysetPages.read(order, query, token, pageSize, violations,
                (after, limit) -> statements.findPage(filter, order, after, limit), e -> e.statementStart);
    }

    private static int pageSize(int requested, Violations violations) {
        return PageSizes.resolve(requested, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, "page_size", violations);
    }

    /** A search token's cursor, checked like any input although tokens are signed (see KeysetOrder.cursor). */
    private static SearchCursor searchCursor(List<String> parts, Violations violations) {
        try {
            float relevance = Float.parseFloat(parts.get(0));
            if (relevance >= 0 && relevance <= 1 && ResourceNames.isValidId(parts.get(1))) {
                return new SearchCursor(relevance, parts.get(1));
            }
        } catch (NumberFormatException e) {
            // falls through to the violation
        }
        violations.add("page_token", "is not a page token issued by this service");
        return null;
    }
}
