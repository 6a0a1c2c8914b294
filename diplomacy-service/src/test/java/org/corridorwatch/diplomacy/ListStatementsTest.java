package org.corridorwatch.diplomacy;

import static org.corridorwatch.diplomacy.DiplomacyTestSupport.assertFails;
import static org.corridorwatch.diplomacy.StatementFixtures.date;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.corridorwatch.support.paging.PageTokens;
import org.corridorwatch.testing.GrpcErrors;
import org.junit.jupiter.api.Test;

import com.google.rpc.BadRequest;
import com.google.rpc.BadRequest.FieldViolation;

import org.corridorwatch.api.diplomacy.v1.GetPositionTimelineRequest;
import org.corridorwatch.api.diplomacy.v1.ListStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.ListStatementsResponse;
import org.corridorwatch.api.diplomacy.v1.SearchStatementsRequest;
import org.corridorwatch.api.diplomacy.v1.Stance;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementFilter;
import org.corridorwatch.api.diplomacy.v1.StatementKind;
import org.corridorwatch.api.diplomacy.v1.StatementServiceGrpc.StatementServiceBlockingStub;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ListStatementsTest {

    private static final String OTHER_QUERY = "belongs to a different query; repeat the request that returned it with"
            + " only page_token and page_size changed";

    @GrpcClient("diplomacy")
    StatementServiceBlockingStub statements;

    private Statement create(Statement statement, String marker) {
        return DiplomacyTestSupport.create(statements, statement, marker);
    }

    /** The names listed under the test's marker and the filter, in the default order, in one page. */
    private List<String> list(String marker, UnaryOperator<StatementFilter.Builder> filter) {
        ListStatementsResponse page = statements.listStatements(ListStatementsRequest.newBuilder()
                .setFilter(filter.apply(StatementFilter.newBuilder().setIncident(marker))).setPageSize(100).build());
        assertEquals("", page.getNextPageToken());
        return page.getStatementsList().stream().map(Statement::getName).toList();
    }

    private static List<String> names(Statement... statements) {
        return List.of(statements).stream().map(Statement::getName).toList();
    }

    @Test
    void filtersByEachField() {
        String marker = StatementFixtures.marker();
        String deal = StatementFixtures.existingDeal();
        Statement onGround = create(StatementFixtures.tararOnGround(), marker);
        Statement ml1 = create(StatementFixtures.tararMl1().toBuilder().addDeals(deal).build(), marker);
        Statement proposal = create(StatementFixtures.beijingProposal(), marker);
        Statement reuters = create(StatementFixtures.chinaToReuters(), marker);
        Statement ispr = create(StatementFixtures.isprDeclined(), marker);
        Statement management = create(StatementFixtures.pakistanJointManagement(), marker);

        // Newest first; the year-only 2024 proposal sorts by 2024-01-01; ties by name, descending.
        List<String> november = new ArrayList<>(names(reuters, ispr, management));
        november.sort(Comparator.reverseOrder());
        List<String> all = new ArrayList<>();
        all.addAll(new ArrayList<>(names(onGround, ml1)).stream().sorted(Comparator.reverseOrder()).toList());
        all.addAll(november);
        all.add(proposal.getName());
        assertEquals(all, list(marker, f -> f));

        assertEquals(Set.copyOf(names(onGround, ml1)), Set.copyOf(list(marker, f -> f.setSpeaker("attaullah TARAR"))));
        assertEquals(names(reuters), list(marker, f -> f.setOrganization(
                "ministry of foreign affairs of the people's republic of china")));
        // Both lie within 2024: the proposal, known only to the year, and the November answer.
        assertEquals(names(reuters, proposal), list(marker, f -> f.setCountryCode("CN")
                .setStatementBefore(date(2024, 0, 0))));
        // Up to 2024-11-30: November 2024 lies within, the whole of 2024 does not.
        assertEquals(names(reuters), list(marker, f -> f.setCountryCode("CN").setStatementBefore(date(2024, 11, 30))));
        assertEquals(names(ispr), list(marker, f -> f.addKinds(StatementKind.STATEMENT_KIND_DECLINED_TO_COMMENT)
                .addKinds(StatementKind.STATEMENT_KIND_DID_NOT_RESPOND)));
        assertEquals(Set.copyOf(names(onGround, reuters, proposal, ispr, management)),
                Set.copyOf(list(marker, f -> f.setTopic("joint-security"))));
        // Topic and stance together: the stance toward that topic. Management supports joint
        // security but opposes Chinese security personnel.
        assertEquals(names(proposal), list(marker, f -> f.setTopic("chinese-security-personnel")
                .addStances(Stance.STANCE_SUPPORTS)));
        assertEquals(Set.copyOf(names(onGround, management)), Set.copyOf(list(marker,
                f -> f.setTopic("chinese-security-personnel").addStances(Stance.STANCE_RULES_OUT)
                        .addStances(Stance.STANCE_OPPOSES))));
        // A stance alone: toward any topic.
        assertEquals(Set.copyOf(names(ml1, proposal, reuters, management)),
                Set.copyOf(list(marker, f -> f.addStances(Stance.STANCE_SUPPORTS))));
        // November 2024 lies within "2024-11"; the year-only proposal does not lie within it.
        assertEquals(november, list(marker, f -> f.setStatementAfter(date(2024, 11, 0))
                .setStatementBefore(date(2024, 11, 0))));
        assertEquals(names(ml1), list(marker, f -> f.setDeal(deal)));
        assertEquals(List.of(), list(marker, f -> f.setDeal("deals/not-referred-to")));
        assertEquals(List.of(), list(StatementFixtures.marker(), f -> f));
    }

    @Test
    void pagesThroughEveryOrderWithoutDuplicatesOrGaps() {
        String marker = StatementFixtures.marker();
        for (int i = 0; i < 12; i++) {
            // Several statements share a date, so the name must break ties.
            create(StatementFixtures.tararConcern().toBuilder().setStatementDate(date(2020 + i % 3, 1, 0)).build(),
                    marker);
        }
        for (String orderBy : List.of("", "statement_date", "statement_date desc", "update_time", "update_time desc")) {
            List<Statement> all = new ArrayList<>();
            ListStatementsRequest request = ListStatementsRequest.newBuilder()
                    .setFilter(StatementFilter.newBuilder().setIncident(marker)).setOrderBy(orderBy).setPageSize(5)
                    .build();
            int pages = 0;
            while (true) {
                ListStatementsResponse page = statements.listStatements(request);
                all.addAll(page.getStatementsList());
                pages++;
                if (page.getNextPageToken().isEmpty()) {
                    break;
                }
                request = request.toBuilder().setPageToken(page.getNextPageToken()).build();
            }
            assertEquals(3, pages, orderBy);
            assertEquals(12, all.size(), "no statement listed twice, " + orderBy);
            assertEquals(12, new HashSet<>(all.stream().map(Statement::getName).toList()).size(), orderBy);
            List<Statement> sorted = new ArrayList<>(all);
            sorted.sort(comparator(orderBy));
            assertEquals(sorted, all, "order " + orderBy);
        }
    }

    private static Comparator<Statement> comparator(String orderBy) {
        Comparator<Statement> byDate = Comparator.comparing((Statement s) -> s.getStatementDate().getYear())
                .thenComparing(s -> s.getStatementDate().getMonth()).thenComparing(Statement::getName);
        Comparator<Statement> byUpdate = Comparator.comparing((Statement s) -> s.getUpdateTime().getSeconds())
                .thenComparing(s -> s.getUpdateTime().getNanos()).thenComparing(Statement::getName);
        return switch (orderBy) {
            case "statement_date" -> byDate;
            case "update_time" -> byUpdate;
            case "update_time desc" -> byUpdate.reversed();
            default -> byDate.reversed();
        };
    }

    @Test
    void refusesBadFiltersOrdersPageSizesAndTokens() {
        String marker = StatementFixtures.marker();
        create(StatementFixtures.tararConcern(), marker);
        create(StatementFixtures.tararMl1(), marker);

        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> statements.listStatements(
                ListStatementsRequest.newBuilder().setFilter(StatementFilter.newBuilder().setCountryCode("pk")
                        .setTopic("Joint Security").addKindsValue(0).addStancesValue(99).setIncident("incident/x")
                        .setDeal("ml-1").setStatementAfter(date(2025, 1, 0)).setStatementBefore(date(2024, 12, 0)))
                        .setOrderBy("speaker").setPageSize(-1).build()));
        assertEquals(Set.of("filter.country_code", "filter.topic", "filter.kinds[0]", "filter.stances[0]",
                "filter.incident", "filter.deal", "filter.statement_before", "order_by", "page_size"),
                GrpcErrors.violatedFields(e));

        ListStatementsRequest first = ListStatementsRequest.newBuilder()
                .setFilter(StatementFilter.newBuilder().setIncident(marker)).setPageSize(1).build();
        String token = statements.listStatements(first).getNextPageToken();
        assertTrue(!token.isEmpty());
        // The token belongs to its query: another filter or order refuses it.
        e = assertFails(Status.Code.INVALID_ARGUMENT, () -> statements.listStatements(first.toBuilder()
                .setOrderBy("update_time").setPageToken(token).build()));
        assertEquals(Set.of("page_token"), GrpcErrors.violatedFields(e));
        e = assertFails(Status.Code.INVALID_ARGUMENT, () -> statements.listStatements(first.toBuilder()
                .setPageToken("not-a-token").build()));
        assertEquals(Set.of("page_token"), GrpcErrors.violatedFields(e));
        // Truncated by one character: unsigned tokens then still held a shorter, well-formed id.
        e = assertFails(Status.Code.INVALID_ARGUMENT, () -> statements.listStatements(first.toBuilder()
                .setPageToken(token.substring(0, token.length() - 1)).build()));
        assertEquals(List.of("is not a page token issued by this service"), descriptions(e));
        // Nor do the other paged methods take it.
        e = assertFails(Status.Code.INVALID_ARGUMENT, () -> statements.searchStatements(SearchStatementsRequest
                .newBuilder().setQuery("security").setFilter(first.getFilter()).setPageToken(token).build()));
        assertEquals(List.of(OTHER_QUERY), descriptions(e));
        e = assertFails(Status.Code.INVALID_ARGUMENT, () -> statements.getPositionTimeline(GetPositionTimelineRequest
                .newBuilder().setTopic("joint-security").setPageToken(token).build()));
        assertEquals(List.of(OTHER_QUERY), descriptions(e));
        // The page size may change between pages.
        assertEquals(1, statements.listStatements(first.toBuilder().setPageSize(10).setPageToken(token).build())
                .getStatementsCount());
    }

    @Test
    void refusesATimelineTokenEvenForEmptyRequests() {
        String marker = StatementFixtures.marker();
        Statement tarar = create(StatementFixtures.tararMl1(), marker);
        create(StatementFixtures.beijingProposal(), marker); // older: a row after the cursor
        // A cursor ListStatements understands (statement date, id), signed with this service's key
        // but bound to GetPositionTimeline. Both requests are empty: their fields serialize to the
        // same (zero) bytes, and only the method tells them apart.
        List<String> cursor = List.of("2025-09-01", tarar.getName().substring("statements/".length()));
        String timelineToken = PageTokens.encode(GetPositionTimelineRequest.getDefaultInstance(), cursor);

        StatusRuntimeException e = assertFails(Status.Code.INVALID_ARGUMENT, () -> statements.listStatements(
                ListStatementsRequest.newBuilder().setPageToken(timelineToken).build()));

        assertEquals(List.of(OTHER_QUERY), descriptions(e));
        // The same cursor bound to ListStatements is accepted: it is the binding that refused the other.
        assertEquals(1, statements.listStatements(ListStatementsRequest.newBuilder().setPageSize(1).setPageToken(
                PageTokens.encode(ListStatementsRequest.getDefaultInstance(), cursor)).build()).getStatementsCount());
    }

    private static List<String> descriptions(StatusRuntimeException e) {
        return GrpcErrors.detail(e, BadRequest.class).getFieldViolationsList().stream()
                .map(FieldViolation::getDescription).toList();
    }
}
