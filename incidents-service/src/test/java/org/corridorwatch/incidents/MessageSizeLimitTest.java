package org.corridorwatch.incidents;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.google.type.LatLng;

import org.corridorwatch.api.common.v1.Place;
import org.corridorwatch.api.common.v1.PlacePrecision;
import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.incidents.v1.AttributionKind;
import org.corridorwatch.api.incidents.v1.CasualtyEstimate;
import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import org.corridorwatch.api.incidents.v1.IncidentStatus;
import org.corridorwatch.api.incidents.v1.IncidentType;
import org.corridorwatch.api.incidents.v1.NationalityCasualties;
import org.corridorwatch.api.incidents.v1.PerpetratorAttribution;
import org.corridorwatch.api.incidents.v1.TargetType;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The largest incident the validators accept fits the server's message size limit with room to
 * spare, and is stored whole. (A request over the limit: TransportErrorsTest.)
 */
@QuarkusTest
class MessageSizeLimitTest {

    @GrpcClient("incidents")
    IncidentServiceBlockingStub incidents;

    /**
     * Text of {@code length} characters as the validators count them (UTF-16 units) at the most
     * bytes each can take in UTF-8: 3, for a character of the Basic Multilingual Plane such as CJK.
     */
    static String widest(int length) {
        return "中".repeat(length);
    }

    /** A source with every text at its limit (SourceRow, Violations' 2048-character URLs). */
    static Source largestSource() {
        String site = "https://example.org/";
        return Source.newBuilder().setOutlet(widest(200)).setUrl(site + widest(2048 - site.length()))
                .setTitle(widest(500)).setPublishedDate(IncidentFixtures.date(2024, 11, 13))
                .setExcerpt(widest(5_000)).build();
    }

    static CreateIncidentRequest largestValidCreate() {
        String id = "max-" + UUID.randomUUID().toString().replace("-", "");
        String deal = FakeInvestments.DEALS.add("deals/" + (id + "-".repeat(63)).substring(0, 62) + "x");
        Incident.Builder incident = Incident.newBuilder().setTitle(widest(300)).setSummary(widest(10_000))
                .setOccurredDate(IncidentFixtures.date(2024, 3, 26))
                .setPlace(Place.newBuilder().setName(widest(200)).setDistrict(widest(100)).setProvince(widest(100))
                        .setCountryCode("PK").setLocation(LatLng.newBuilder().setLatitude(-89.123456789)
                                .setLongitude(-179.123456789))
                        .setPrecision(PlacePrecision.PLACE_PRECISION_EXACT_SITE))
                .setIncidentType(IncidentType.INCIDENT_TYPE_SUICIDE_BOMBING).setTargetType(TargetType.TARGET_TYPE_CONVOY)
                .setKilled(CasualtyEstimate.newBuilder().setLow(99_999).setBest(100_000).setHigh(100_000))
                .setInjured(CasualtyEstimate.newBuilder().setLow(99_999).setBest(100_000).setHigh(100_000))
                .setAffectedDeal(deal).setStatus(IncidentStatus.INCIDENT_STATUS_CONFIRMED);
        String[] countries = Locale.getISOCountries();
        for (int i = 0; i < 50; i++) {
            incident.addCasualtiesByNationality(NationalityCasualties.newBuilder().setCountryCode(countries[i])
                    .setKilled(2_000).setInjured(2_000));
        }
        for (int i = 0; i < 20; i++) {
            incident.addPerpetrators(PerpetratorAttribution.newBuilder().setActor(widest(200))
                    .setKind(AttributionKind.ATTRIBUTION_KIND_CLAIMED).setAttributedBy(widest(200)));
        }
        for (int i = 0; i < 50; i++) {
            incident.addSources(largestSource());
        }
        return CreateIncidentRequest.newBuilder().setIncidentId(id).setRequestId(UUID.randomUUID().toString())
                .setIncident(incident).build();
    }

    @Test
    void theLargestValidIncidentFitsTheLimitTwiceOverAndIsStoredWhole() {
        int limit = ConfigProvider.getConfig().getValue("quarkus.grpc.server.max-inbound-message-size", Integer.class);
        CreateIncidentRequest request = largestValidCreate();
        int size = request.getSerializedSize();
        assertTrue(2 * size <= limit, "largest valid request " + size + " bytes, limit " + limit);

        Incident created = incidents.createIncident(request);

        Incident sent = request.getIncident();
        assertEquals(sent.getSummary(), created.getSummary());
        assertEquals(sent.getPlace(), created.getPlace());
        assertEquals(sent.getPerpetratorsList(), created.getPerpetratorsList());
        assertEquals(sent.getCasualtiesByNationalityList(), created.getCasualtiesByNationalityList());
        assertEquals(sent.getSourcesList(), created.getSourcesList());
    }
}
