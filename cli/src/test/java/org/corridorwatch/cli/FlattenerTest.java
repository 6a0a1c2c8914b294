package org.corridorwatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.google.type.Date;
import com.google.type.Money;

import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.incidents.v1.CasualtyEstimate;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentType;
import org.corridorwatch.api.incidents.v1.NationalityCasualties;
import org.corridorwatch.api.investments.v1.AmountType;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealAmount;

/** The CSV flattening the README documents: one row per record, columns from the type alone. */
class FlattenerTest {

    private static Map<String, String> row(Flattener flattener, com.google.protobuf.Message message) {
        List<String> cells = flattener.row(message);
        return IntStream.range(0, cells.size()).boxed()
                .collect(Collectors.toMap(i -> flattener.header().get(i), cells::get));
    }

    @Test
    void casualtiesAreColumnsAndRepeatedMessagesKeepTheirElementsInStep() {
        Incident incident = Incident.newBuilder().setName("incidents/x").setOccurredDate(Date.newBuilder().setYear(2024).setMonth(3))
                .setIncidentType(IncidentType.INCIDENT_TYPE_SUICIDE_BOMBING)
                .setKilled(CasualtyEstimate.newBuilder().setLow(5).setBest(6))
                .addCasualtiesByNationality(NationalityCasualties.newBuilder().setCountryCode("CN").setKilled(5))
                .addCasualtiesByNationality(NationalityCasualties.newBuilder().setCountryCode("PK").setKilled(1).setInjured(2))
                .addSources(Source.newBuilder().setOutlet("Arab News").setUrl("https://example.org/a"))
                .addSources(Source.newBuilder().setOutlet("Reuters"))
                .build();
        Map<String, String> row = row(Flattener.of(Incident.getDescriptor()), incident);
        assertEquals("2024-03", row.get("occurred_date"), "a partial date as far as it goes");
        assertEquals("INCIDENT_TYPE_SUICIDE_BOMBING", row.get("incident_type"));
        assertEquals("5", row.get("killed.low"));
        assertEquals("6", row.get("killed.best"));
        assertEquals("", row.get("killed.high"), "an unset optional field is empty, not 0");
        assertEquals("", row.get("injured.best"), "an absent message gives empty cells");
        assertEquals("CN; PK", row.get("casualties_by_nationality.country_code"));
        assertEquals("0; 2", row.get("casualties_by_nationality.injured"));
        assertEquals("Arab News; Reuters", row.get("sources.outlet"));
        assertEquals("https://example.org/a; ", row.get("sources.url"), "the second source's empty url keeps its place");
        assertEquals("", row.get("place.location.latitude"));
        assertEquals("", row.get("status"), "the unspecified value is empty");
    }

    @Test
    void aSemicolonInARepeatedValueIsEscapedSoTheCellSplitsBackIntoItsValues() {
        Incident incident = Incident.newBuilder()
                .addSources(Source.newBuilder().setOutlet("Dawn; from Reuters").setExcerpt("a \\ b"))
                .addSources(Source.newBuilder().setOutlet("Arab News"))
                .setSummary("Not repeated; left as it is").build();
        Map<String, String> row = row(Flattener.of(Incident.getDescriptor()), incident);
        assertEquals("Dawn\\; from Reuters; Arab News", row.get("sources.outlet"));
        assertEquals("a \\\\ b; ", row.get("sources.excerpt"));
        assertEquals("Not repeated; left as it is", row.get("summary"));
        List<String> values = List.of(row.get("sources.outlet").split("(?<!\\\\); "));
        assertEquals(List.of("Dawn\\; from Reuters", "Arab News"), values);
    }

    @Test
    void moneyIsACurrencyAndADecimalAmount() {
        Deal deal = Deal.newBuilder().addAmounts(DealAmount.newBuilder().setType(AmountType.AMOUNT_TYPE_PLEDGED)
                .setValue(Money.newBuilder().setCurrencyCode("USD").setUnits(6_800_000_000L).setNanos(500_000_000)))
                .build();
        Map<String, String> row = row(Flattener.of(Deal.getDescriptor()), deal);
        assertEquals("USD", row.get("amounts.value.currency_code"));
        assertEquals("6800000000.5", row.get("amounts.value.amount"));
        assertEquals("AMOUNT_TYPE_PLEDGED", row.get("amounts.type"));
        assertTrue(Flattener.of(Deal.getDescriptor()).columns().stream()
                .filter(column -> column.name().equals("amounts.value.amount")).noneMatch(Flattener.Column::numeric),
                "a repeated field's joined values are text");
    }

    @Test
    void theTableShowsShortEnumerationNames() {
        Incident incident = Incident.newBuilder().setName("incidents/x").setIncidentType(IncidentType.INCIDENT_TYPE_IED).build();
        Flattener table = Flattener.of(Incident.getDescriptor(), List.of("name", "incident_type"));
        assertEquals(List.of("incidents/x", "IED"), table.row(incident));
    }

    @Test
    void enumerationValuesAreTypedAsPeopleWriteThem() {
        var type = IncidentType.getDescriptor();
        assertEquals(IncidentType.INCIDENT_TYPE_SUICIDE_BOMBING.getValueDescriptor(), Enums.parse(type, "suicide-bombing"));
        assertEquals(IncidentType.INCIDENT_TYPE_SUICIDE_BOMBING.getValueDescriptor(), Enums.parse(type, "INCIDENT_TYPE_SUICIDE_BOMBING"));
        assertEquals(null, Enums.parse(type, "unspecified"), "the unspecified value is never a choice");
        assertEquals(null, Enums.parse(type, "earthquake"));
    }
}
