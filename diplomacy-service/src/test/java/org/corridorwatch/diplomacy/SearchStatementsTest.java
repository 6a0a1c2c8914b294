package org.corridorwatch.diplomacy;

import static org.corridorwatch.diplomacy.DiplomacyTestSupport.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.corridorwatch.api.diplomacy.v1.SearchStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.SearchStatementsResponse;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementFilter;
import org.corridorwatch.api.diplomacy.v1.StatementSearchResult;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc.StatementServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Full-text search over the seed articles' statements, each test on its own copy of the corpus. */
@QuarkusTest
class SearchStatementsTest {

    @GrpcClient("diplomacy")
    StatementServiceBlockingStub statements;

    private String marker;
    /** The corpus as recorded, by the fixture's text (or summary, for statements without words). */
    private final Map<String, Statement> recorded = new HashMap<>();

    @BeforeEach
    void recordTheCorpus() {
        marker = StatementFixtures.marker();
        for (Statement statement : StatementFixtures.corpus()) {
            Statement created = DiplomacyTestSupport.create(statements, statement, marker);
            recorded.put(statement.getText().isEmpty() ? statement.getSummary() : statement.getText(), created);
        }
    }

    private String name(Statement fixture) {
        return recorded.get(fixture.getText().isEmpty() ? fixture.getSummary() : fixture.getText()).getName();
    }

    private List<StatementSearchResult> search(String query, UnaryOperator<StatementFilter.Builder> filter) {
        SearchStatementsResponse response = statements.searchStatements(SearchStatementsRequest.newBuilder()
                .setQuery(query).setFilter(filter.apply(StatementFilter.newBuilder().setIncident(marker)))
                .setPageSize(100).build());
        assertEquals("", response.getNextPageToken());
        return response.getResultsList();
    }

    private List<StatementSearchResult> search(String query) {
        return search(query, f -> f);
    }

    private static List<String> names(List<StatementSearchResult> results) {
        return results.stream().map(r -> r.getStatement().getName()).toList();
    }

    @Test
    void ranksMoreOccurrencesAndTheWordsAboveTheSummary() {
        List<StatementSearchResult> results = search("security");

        // Seven statements say "security" in their words or summary.
        assertEquals(7, results.size(), () -> names(results).toString());
        for (int i = 1; i < results.size(); i++) {
            assertTrue(results.get(i - 1).getRelevance() >= results.get(i).getRelevance(), "sorted by relevance");
        }
        assertTrue(results.get(results.size() - 1).getRelevance() > 0);
        assertTrue(results.get(0).getRelevance() < 1);
        // Tarar's "on-ground security ... Pakistani security forces", with "security" in its summary too.
        assertEquals(name(StatementFixtures.tararOnGround()), names(results).get(0));
        // ISPR said nothing: only its summary mentions security, and summaries weigh less.
        assertEquals(name(StatementFixtures.isprDeclined()), names(results).get(results.size() - 1));
    }

    @Test
    void ranksWordsNextToEachOtherInTheTextFirst() {
        List<String> results = names(search("joint security"));

        // "a joint security management system" in the words, before "joint security force" in a
        // summary only, and before the two words apart ("joint strikes", "security agencies").
        assertEquals(name(StatementFixtures.pakistanJointManagement()), results.get(0));
        assertTrue(results.indexOf(name(StatementFixtures.tararOnGround())) > 0);
        assertTrue(results.contains(name(StatementFixtures.beijingProposal())));
        // Both words are required: the interior ministry's "joint strategy" is not a match.
        assertTrue(!results.contains(name(StatementFixtures.interiorJointStrategy())));
    }

    @Test
    void snippetsHighlightTheMatchingWordsWithStemming() {
        List<StatementSearchResult> results = search("relocating");

        assertEquals(List.of(name(StatementFixtures.tararRelocation())), names(results));
        String snippet = results.get(0).getSnippet();
        assertTrue(snippet.contains("even <b>relocate</b> their industry to Pakistan"), snippet);
        assertTrue(snippet.split("\\s+").length <= 2 * 30 + 4, "short passages: " + snippet);
    }

    @Test
    void snippetsComeFromTheSummaryWhenThereAreNoWords() {
        List<StatementSearchResult> results = search("declined");

        assertEquals(List.of(name(StatementFixtures.isprDeclined())), names(results));
        // Passages are cut at words: the leading stop word and the final full stop go.
        assertEquals("army's media wing <b>declined</b> to comment on Chinese security staff",
                results.get(0).getSnippet());
    }

    @Test
    void understandsPhrasesAlternativesAndExclusions() {
        assertEquals(List.of(name(StatementFixtures.tararOnGround())), names(search("\"armed forces\"")));
        assertEquals(Set.of(name(StatementFixtures.tararMl1()), name(StatementFixtures.tararUsTies())),
                Set.copyOf(names(search("ML-1 or relationship"))));
        List<String> cooperationNotChina = names(search("cooperation -Chinese"));
        assertEquals(List.of(name(StatementFixtures.tararCooperation())), cooperationNotChina);
        // Only stop words: nothing to look for, so nothing found (and no error).
        assertEquals(List.of(), search("the and of"));
    }

    @Test
    void combinesWithTheListFilters() {
        assertEquals(Set.of(name(StatementFixtures.xiPressedSharif()), name(StatementFixtures.chinaToReuters()),
                name(StatementFixtures.beijingProposal())),
                Set.copyOf(names(search("security", f -> f.setCountryCode("CN")))));
        assertEquals(List.of(name(StatementFixtures.tararOnGround())),
                names(search("security", f -> f.setSpeaker("Attaullah Tarar").setTopic("joint-security"))));
    }

    @Test
    void pagesThroughTheRankedResults() {
        List<String> onePage = names(search("security"));
        List<String> paged = new ArrayList<>();
        SearchStatementsRequest request = SearchStatementsRequest.newBuilder().setQuery("security")
                .setFilter(StatementFilter.newBuilder().setIncident(marker)).setPageSize(3).build();
        while (true) {
            SearchStatementsResponse page = statements.searchStatements(request);
            paged.addAll(names(page.getResultsList()));
            if (page.getNextPageToken().isEmpty()) {
                break;
            }
            request = request.toBuilder().setPageToken(page.getNextPageToken()).build();
        }
        assertEquals(onePage, paged);

        String token = statements.searchStatements(request.toBuilder().clearPageToken().build()).getNextPageToken();
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> statements.searchStatements(
                SearchStatementsRequest.newBuilder().setQuery("cooperation").setPageSize(3)
                        .setFilter(StatementFilter.newBuilder().setIncident(marker)).setPageToken(token).build()));
        assertEquals(Set.of("page_token"), GrpcErrors.violatedFields(e));
    }

    @Test
    void refusesAMissingQueryAndBadFilters() {
        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> statements.searchStatements(
                SearchStatementsRequest.newBuilder().setQuery("  ").setPageSize(-5)
                        .setFilter(StatementFilter.newBuilder().setCountryCode("China")).build()));
        assertEquals(Set.of("query", "page_size", "filter.country_code"), GrpcErrors.violatedFields(e));
        e = assertFails(Status.Code.INVALID_ARGUMENT, () -> statements.searchStatements(
                SearchStatementsRequest.newBuilder().setQuery("x".repeat(501)).build()));
        assertEquals(Set.of("query"), GrpcErrors.violatedFields(e));
    }
}
