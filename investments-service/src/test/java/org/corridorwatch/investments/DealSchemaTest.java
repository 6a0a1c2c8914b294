package org.corridorwatch.investments;

import static org.corridorwatch.investments.InvestmentsTestSupport.id;
import static org.corridorwatch.investments.InvestmentsTestSupport.transitionRows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.investments.repository.DealStatusTransitionRepository;
import org.junit.jupiter.api.Test;

import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.api.investments.v1.DealStatusTransition;
import org.corridorwatch.api.investments.v1.DeleteDealRequest;
import org.corridorwatch.api.investments.v1.ListDealStatusHistoryRequest;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** What the schema itself guarantees (V2): the status history is append-only, signed_before has its index. */
@QuarkusTest
class DealSchemaTest {

    /** PostgreSQL's restrict_violation, which the history's trigger raises. */
    private static final String RESTRICT_VIOLATION = "23001";

    @GrpcClient("investments")
    DealServiceBlockingStub deals;

    @Inject
    DataSource dataSource;

    @Inject
    DealStatusTransitionRepository historyRepository;

    @Test
    void historyEntriesCannotBeChangedInTheDatabase() throws Exception {
        Deal deal = create();
        List<DealStatusTransition> before = history(deal);

        SQLException e = assertThrows(SQLException.class, () -> execute(
                "UPDATE deal_status_transitions SET note = 'rewritten' WHERE deal_id = ?", id(deal.getName())));

        assertEquals(RESTRICT_VIOLATION, e.getSQLState(), e::getMessage);
        assertEquals(before, history(deal));
    }

    @Test
    void historyEntriesAreDeletedOnlyWithTheirDeal() throws Exception {
        Deal deal = create();

        SQLException e = assertThrows(SQLException.class, () -> execute(
                "DELETE FROM deal_status_transitions WHERE deal_id = ?", id(deal.getName())));

        assertEquals(RESTRICT_VIOLATION, e.getSQLState(), e::getMessage);
        assertEquals(1, transitionRows(dataSource, deal.getName()));

        // DeleteDeal is soft (issue 14): the deal's status history stays with it, for Undelete.
        deals.deleteDeal(DeleteDealRequest.newBuilder().setName(deal.getName()).build());
        assertEquals(1, transitionRows(dataSource, deal.getName()));

        // Removing the deal's row takes its history along (ON DELETE CASCADE): the trigger lets that through.
        execute("DELETE FROM deals WHERE id = ?", id(deal.getName()));
        assertEquals(0, transitionRows(dataSource, deal.getName()));
    }

    @Test
    void hibernateNeverWritesAChangedHistoryEntry() throws Exception {
        Deal deal = create();
        List<DealStatusTransition> before = history(deal);

        // Without @Immutable this change would be flushed at commit, and the trigger would refuse it.
        QuarkusTransaction.requiringNew().run(() -> historyRepository.latest(id(deal.getName())).note = "changed");

        assertEquals(before, history(deal));
    }

    @Test
    void signedBeforeHasAnIndexOnSignedEnd() throws Exception {
        List<String> definitions = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'deals'"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                definitions.add(rs.getString(1));
            }
        }
        // The index must lead with signed_end: (signed_start, signed_end) cannot serve signed_end <= x.
        assertTrue(definitions.stream().anyMatch(d -> d.matches(".*USING btree \\(signed_end[ ,)].*")),
                () -> "no index leading with signed_end among " + definitions);
    }

    private Deal create() {
        return deals.createDeal(CreateDealRequest.newBuilder().setDeal(DealFixtures.ml1()).build());
    }

    private List<DealStatusTransition> history(Deal deal) {
        return deals.listDealStatusHistory(ListDealStatusHistoryRequest.newBuilder().setName(deal.getName()).build())
                .getTransitionsList();
    }

    private void execute(String sql, String parameter) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, parameter);
            s.executeUpdate();
        }
    }
}
