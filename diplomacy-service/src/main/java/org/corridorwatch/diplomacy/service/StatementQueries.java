package org.corridorwatch.diplomacy.service;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.corridorwatch.api.diplomacy.v1.GetPositionTimelineRequest;
import org.corridorwatch.api.diplomacy.v1.GetPositionTimelineResponse;
import org.corridorwatch.api.diplomacy.v1.PositionTimelineEntry;
import org.corridorwatch.api.diplomacy.v1.SearchStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.SearchStatementsResponse;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementFilter;
import org.corridorwatch.api.diplomacy.v1.StatementSearchResult;
import org.corridorwatch.diplomacy.domain.StatementEntity;
import org.corridorwatch.diplomacy.mapping.StatementMapper;
import org.corridorwatch.diplomacy.repository.StatementRepository;
import org.corridorwatch.diplomacy.repository.StatementRepository.SearchCursor;
import org.corridorwatch.diplomacy.repository.StatementRepository.SearchHit;
import org.corridorwatch.support.paging.KeysetPages;
import org.corridorwatch.support.paging.KeysetPages.Page;
import org.corridorwatch.support.paging.PageSizes;
import org.corridorwatch.support.persistence.Snapshots;
import org.corridorwatch.support.validation.ResourceNames;
import org.corridorwatch.support.validation.Violations;

/**
 * Statements' own reads: full-text search and position timelines, a keyset page at a time. The
 * standard methods are {@link StatementResource}'s. Reads never call another service.
 */
@ApplicationScoped
public class StatementQueries {

    private final StatementResource statements;
    private final StatementRepository repository;

    public StatementQueries(StatementResource statements, StatementRepository repository) {
        this.statements = statements;
        this.repository = repository;
    }

    /** A timeline is a list of the topic's statements, oldest first. */
    public GetPositionTimelineResponse timeline(GetPositionTimelineRequest request) {
        Violations violations = new Violations();
        StatementValidator.topic("topic", request.getTopic(), violations);
        violations.countryCode("country_code", request.getCountryCode(), false);
        violations.maxLength("organization", request.getOrganization(), StatementValidator.MAX_NAME);
        StatementFilter filter = StatementFilter.newBuilder().setTopic(request.getTopic())
                .setCountryCode(request.getCountryCode()).setOrganization(request.getOrganization()).build();
        Page<Statement> page = statements.page(filter, StatementResource.ORDERINGS.get("statement_date"), request.getPageSize(),
                request.getPageToken(), request, violations);

        GetPositionTimelineResponse.Builder response = GetPositionTimelineResponse.newBuilder()
                .setNextPageToken(page.nextPageToken());
        for (Statement statement : page.rows()) {
            response.addEntries(PositionTimelineEntry.newBuilder()
                    .setStance(StatementMapper.stanceToward(statement, request.getTopic())).setStatement(statement));
        }
        return response.build();
    }

    /**
     * Ranked hits, most relevant first. The hits (rank, snippet) and the statements shown with them
     * come from two queries: one snapshot keeps them the same versions while statements are written.
     */
    public SearchStatementsResponse search(SearchStatementsRequest request) {
        Violations violations = new Violations();
        violations.requiredText("query", request.getQuery(), StatementValidator.MAX_QUERY);
        StatementValidator.validateFilter(request.getFilter(), "filter", violations);
        int pageSize = PageSizes.resolve(request.getPageSize(), PageSizes.DEFAULT, PageSizes.MAX, "page_size",
                violations);
        return Snapshots.read(repository.getEntityManager(), () -> {
            Page<SearchHit> hits = KeysetPages.read(PageSizes.withoutPaging(request), request.getPageToken(), 2,
                    pageSize, violations, parts -> searchCursor(parts, violations),
                    (after, limit) -> repository.search(request.getQuery(), request.getFilter(), after, limit),
                    // Float.toString gives the shortest text that parses back to the same float.
                    last -> List.of(Float.toString(last.relevance()), last.id()));
            Map<String, StatementEntity> found = repository.findExisting(hits.rows().stream().map(SearchHit::id)
                    .toList()).stream().collect(Collectors.toMap(e -> e.id, Function.identity()));
            SearchStatementsResponse.Builder response = SearchStatementsResponse.newBuilder()
                    .setNextPageToken(hits.nextPageToken());
            for (SearchHit hit : hits.rows()) {
                StatementEntity entity = found.get(hit.id());
                if (entity != null) { // else deleted between the two queries
                    response.addResults(StatementSearchResult.newBuilder()
                            .setStatement(StatementMapper.toProto(entity)).setRelevance(hit.relevance())
                            .setSnippet(hit.snippet()));
                }
            }
            return response.build();
        });
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
