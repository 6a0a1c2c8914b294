package org.corridorwatch.investments;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealFilter;
import org.corridorwatch.api.investments.v1.DealGroupSummary;
import org.corridorwatch.api.investments.v1.DealGrouping;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.ListDealsRequest;
import org.corridorwatch.api.investments.v1.SummarizeDealsRequest;
import org.corridorwatch.api.investments.v1.TransitionDealStatusRequest;
import org.corridorwatch.api.investments.v1.DealServiceGrpc;
import org.corridorwatch.testing.HistoryCases;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import io.grpc.Channel;
import io.grpc.ServiceDescriptor;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Revisions, as-of reads, soft deletes and Undelete (test-support's HistoryCases), for deals. */
@QuarkusTest
class DealHistoryTest extends HistoryCases<Deal> {

    @GrpcClient("investments")
    Channel channel;

    @Inject
    DataSource dataSource;

    @Override
    protected Channel channel() {
        return channel;
    }

    @Override
    protected ServiceDescriptor service() {
        return DealServiceGrpc.getServiceDescriptor();
    }

    @Override
    protected Deal newResource() {
        return DealFixtures.ml1();
    }

    @Override
    protected String textField() {
        return "title";
    }

    @Override
    protected DataSource dataSource() {
        return dataSource;
    }

    @GrpcClient("investments")
    DealServiceGrpc.DealServiceBlockingStub deals;

    /**
     * The summary as of a time groups the deals by the status they had then: the status is the
     * service's to set (by transitions), and the restored deal carries it from its revision.
     */
    @Test
    void aSummaryAsOfATimeGroupsTheDealsByTheStatusTheyHadThen() {
        Timestamp beforeCreate = now();
        Deal created = deals.createDeal(CreateDealRequest.newBuilder().setDeal(DealFixtures.ml1()).build());
        Timestamp afterCreate = now();
        deals.transitionDealStatus(TransitionDealStatusRequest.newBuilder().setName(created.getName())
                .setToStatus(DealStatus.DEAL_STATUS_MOU_SIGNED).setEffectiveDate(DealFixtures.date(2025, 10, 1))
                .build());
        Timestamp afterTransition = now();

        long negotiatingBefore = count(beforeCreate, "DEAL_STATUS_UNDER_NEGOTIATION");
        long signedBefore = count(beforeCreate, "DEAL_STATUS_MOU_SIGNED");
        assertEquals(negotiatingBefore + 1, count(afterCreate, "DEAL_STATUS_UNDER_NEGOTIATION"));
        assertEquals(signedBefore, count(afterCreate, "DEAL_STATUS_MOU_SIGNED"));
        assertEquals(negotiatingBefore, count(afterTransition, "DEAL_STATUS_UNDER_NEGOTIATION"));
        assertEquals(signedBefore + 1, count(afterTransition, "DEAL_STATUS_MOU_SIGNED"));
        assertEquals(count(null, "DEAL_STATUS_MOU_SIGNED"), count(afterTransition, "DEAL_STATUS_MOU_SIGNED"));
        // And a List filtered by status (in another order than the default) selects the deal by
        // the status it had then, and shows it as it was.
        assertEquals(List.of(created), negotiating(afterCreate, created.getName()));
        assertEquals(List.of(), negotiating(afterTransition, created.getName()));
    }

    /** The deal named {@code name}, if ListDeals (filtered to deals under negotiation) lists it as of {@code readTime}. */
    private List<Deal> negotiating(Timestamp readTime, String name) {
        return deals.listDeals(ListDealsRequest.newBuilder().setPageSize(1000).setOrderBy("update_time desc")
                .setFilter(DealFilter.newBuilder().addStatuses(DealStatus.DEAL_STATUS_UNDER_NEGOTIATION))
                .setReadTime(readTime).build()).getDealsList().stream()
                .filter(deal -> deal.getName().equals(name)).toList();
    }

    /** The deal count of a status group as of {@code readTime} (null: now). */
    private long count(Timestamp readTime, String status) {
        SummarizeDealsRequest.Builder request = SummarizeDealsRequest.newBuilder()
                .setGroupBy(DealGrouping.DEAL_GROUPING_STATUS);
        if (readTime != null) {
            request.setReadTime(readTime);
        }
        return deals.summarizeDeals(request.build()).getGroupsList().stream()
                .filter(group -> group.getKey().equals(status)).mapToLong(DealGroupSummary::getDealCount).sum();
    }

    private static Timestamp now() {
        Instant now = Instant.now();
        return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
    }
}
