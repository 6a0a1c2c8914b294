package org.corridorwatch.diplomacy.repository;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;

import org.corridorwatch.diplomacy.domain.StatementEntity;
import org.corridorwatch.support.persistence.SqlConditions;
import org.corridorwatch.support.resources.ResourceRepository;

import org.corridorwatch.api.diplomacy.v1.StatementFilter;

/** Stored statements: lookups, keyset pages and ranked full-text search, all in PostgreSQL. */
@ApplicationScoped
public class StatementRepository implements ResourceRepository<StatementEntity> {

    /**
     * How snippets are cut: up to two passages of 12 to 30 words around the matches. The
     * delimiters are documented in the contract (StatementSearchResult.snippet).
     */
    private static final String HEADLINE_OPTIONS = "StartSel=<b>, StopSel=</b>, MinWords=12, MaxWords=30,"
            + " MaxFragments=2, FragmentDelimiter=\" … \"";
    /** Relevance in [0, 1): rank / (rank + 1). Monotonic, so it orders as the raw rank does. */
    private static final String RANK = "ts_rank_cd(s.search_vector, q.query, 32)";

    /** One search result: the statement's id, its relevance and its snippet. */
    public record SearchHit(String id, float relevance, String snippet) {
    }

    /** Where a search page starts: after this relevance and id. */
    public record SearchCursor(float relevance, String id) {
    }

    /**
     * Up to {@code limit} statements matching the text query and the filter, most relevant first
     * (ties by id, descending), after the cursor (if any).
     */
    @SuppressWarnings("unchecked")
    public List<SearchHit> search(String text, StatementFilter filter, SearchCursor after, int limit) {
        SqlConditions sql = StatementSqlFilter.of(filter);
        sql.add("s.search_vector @@ q.query", "query", text);
        if (after != null) {
            sql.add("(" + RANK + ", s.id) < (CAST(:cursorRelevance AS real), :cursorId)", "cursorRelevance",
                    after.relevance());
            sql.bind("cursorId", after.id());
        }
        // Rank and filter in the inner query (GIN index); cut snippets only for the page's rows,
        // as ts_headline re-parses the whole text.
        String statement = "SELECT p.id, p.relevance, ts_headline('english',"
                + " concat_ws(E'\\n', nullif(s.text, ''), nullif(s.summary, '')), p.query, '" + HEADLINE_OPTIONS + "')"
                + " FROM (SELECT s.id, " + RANK + " AS relevance, q.query"
                + " FROM statements s CROSS JOIN websearch_to_tsquery('english', :query) AS q(query)" + sql.where()
                + " ORDER BY relevance DESC, s.id DESC LIMIT :limit) p"
                + " JOIN statements s ON s.id = p.id ORDER BY p.relevance DESC, p.id DESC";
        Query query = sql.bindTo(getEntityManager().createNativeQuery(statement)).setParameter("limit", limit);
        List<SearchHit> hits = new ArrayList<>();
        for (Object[] row : (List<Object[]>) query.getResultList()) {
            hits.add(new SearchHit((String) row[0], ((Number) row[1]).floatValue(), (String) row[2]));
        }
        return hits;
    }
}
