package org.corridorwatch.investments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.corridorwatch.support.errors.RequestTooLargeAnswer;
import org.corridorwatch.testing.GrpcErrors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.google.protobuf.ProtocolMessageEnum;
import com.google.rpc.ErrorInfo;

import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.investments.v1.AmountType;
import org.corridorwatch.api.investments.v1.Commodity;
import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealKind;
import org.corridorwatch.api.investments.v1.DealParty;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.PartyRole;
import org.corridorwatch.api.investments.v1.Programme;
import org.corridorwatch.api.investments.v1.Sector;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The largest deal the validators accept fits the server's message size limit with room to spare
 * and is stored whole; a request over the limit is refused with an answer that names it.
 */
@QuarkusTest
class MessageSizeLimitTest {

    @GrpcClient("investments")
    DealServiceBlockingStub deals;

    private static int limit() {
        return ConfigProvider.getConfig().getValue("quarkus.grpc.server.max-inbound-message-size", Integer.class);
    }

    /** {@code length} characters as the validators count them, at 3 UTF-8 bytes each (the most a UTF-16 unit takes). */
    private static String widest(int length) {
        return "中".repeat(length);
    }

    /** A source with every text at its limit. */
    private static Source largestSource() {
        String site = "https://example.org/";
        return Source.newBuilder().setOutlet(widest(200)).setUrl(site + widest(2048 - site.length()))
                .setTitle(widest(500)).setPublishedDate(DealFixtures.date(2025, 9, 1)).setExcerpt(widest(5_000))
                .build();
    }

    private static <E extends Enum<E> & ProtocolMessageEnum> List<E> everyValue(Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .filter(e -> !e.name().equals("UNRECOGNIZED") && e.getNumber() != 0).limit(20).toList();
    }

    static CreateDealRequest largestValidCreate() {
        Deal.Builder deal = Deal.newBuilder().setTitle(widest(300)).setSummary(widest(10_000))
                .setKind(DealKind.DEAL_KIND_FINANCING_AGREEMENT).addAllSectors(everyValue(Sector.class))
                .addAllCommodities(everyValue(Commodity.class)).setProgramme(Programme.PROGRAMME_CPEC)
                .setLocation(widest(500)).setAnnouncedDate(DealFixtures.date(2025, 8, 1))
                .setSignedDate(DealFixtures.date(2025, 9, 1)).setStatus(DealStatus.DEAL_STATUS_UNDER_NEGOTIATION);
        String[] countries = Locale.getISOCountries();
        for (int i = 0; i < 50; i++) {
            deal.addParties(DealParty.newBuilder().setName(widest(200)).setRole(PartyRole.PARTY_ROLE_FINANCIER)
                    .setCountryCode(countries[i]));
            deal.addAmounts(DealFixtures.amount(AmountType.AMOUNT_TYPE_PLEDGED,
                    DealFixtures.money("USD", 999_999_999_999_999L, 999_999_999), DealFixtures.date(2025, 9, 1))
                    .toBuilder().setSource(largestSource()));
            deal.addSources(largestSource());
        }
        for (int i = 0; i < 20; i++) {
            deal.addCounterpartCountries(countries[100 + i]);
        }
        String id = "max-" + UUID.randomUUID().toString().replace("-", "");
        return CreateDealRequest.newBuilder().setDealId(id).setRequestId(UUID.randomUUID().toString())
                .setStatusDate(DealFixtures.date(2025, 9, 1)).setDeal(deal).build();
    }

    @Test
    void theLargestValidDealFitsTheLimitTwiceOverAndIsStoredWhole() {
        CreateDealRequest request = largestValidCreate();
        int size = request.getSerializedSize();
        assertTrue(2 * size <= limit(), "largest valid request " + size + " bytes, limit " + limit());

        Deal created = deals.createDeal(request);

        Deal sent = request.getDeal();
        assertEquals(sent.getSummary(), created.getSummary());
        assertEquals(sent.getPartiesList(), created.getPartiesList());
        assertEquals(sent.getAmountsList(), created.getAmountsList());
        assertEquals(sent.getSourcesList(), created.getSourcesList());
    }

    @Test
    void requestOverTheLimitIsResourceExhaustedNamingTheLimit() {
        Deal tooLarge = DealFixtures.ml1().toBuilder().setSummary("x".repeat(limit())).build();

        StatusRuntimeException e = InvestmentsTestSupport.assertFails(Status.Code.RESOURCE_EXHAUSTED,
                () -> deals.createDeal(CreateDealRequest.newBuilder().setDeal(tooLarge).build()));

        assertEquals("The request message is larger than this service's limit of " + limit() + " bytes.",
                e.getStatus().getDescription());
        ErrorInfo info = GrpcErrors.errorInfo(e);
        assertEquals(RequestTooLargeAnswer.REASON, info.getReason());
        assertEquals("investments.corridorwatch.org", info.getDomain());
        assertEquals(Map.of("limit_bytes", Integer.toString(limit())), info.getMetadataMap());
    }
}
