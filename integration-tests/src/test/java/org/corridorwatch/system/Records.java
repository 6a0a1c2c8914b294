package org.corridorwatch.system;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import com.google.type.Date;

import org.corridorwatch.api.common.v1.Place;
import org.corridorwatch.api.common.v1.PlacePrecision;
import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.diplomacy.v1.Stance;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementKind;
import org.corridorwatch.api.diplomacy.v1.StatementSetting;
import org.corridorwatch.api.diplomacy.v1.TopicStance;
import org.corridorwatch.api.incidents.v1.CasualtyEstimate;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentType;
import org.corridorwatch.api.incidents.v1.TargetType;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealKind;
import org.corridorwatch.api.investments.v1.DealParty;
import org.corridorwatch.api.investments.v1.PartyRole;
import org.corridorwatch.api.investments.v1.Sector;

/**
 * Minimal valid records the tests create. They are test inputs, not sourced facts; each carries
 * a unique marker so that a test finds its own records among the seed data and other tests'.
 */
final class Records {

    private Records() {
    }

    static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static Source testSource() {
        return Source.newBuilder().setOutlet("Integration test").setExcerpt("A record made by a test.").build();
    }

    static Date yesterday() {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        return Date.newBuilder().setYear(day.getYear()).setMonth(day.getMonthValue()).setDay(day.getDayOfMonth())
                .build();
    }

    static Deal deal(String marker) {
        return Deal.newBuilder().setTitle("Test deal " + marker).setKind(DealKind.DEAL_KIND_MOU)
                .addParties(DealParty.newBuilder().setName(marker).setRole(PartyRole.PARTY_ROLE_INVESTOR))
                .addSectors(Sector.SECTOR_ENERGY).setAnnouncedDate(yesterday()).addSources(testSource()).build();
    }

    static Incident incident(String affectedDeal) {
        return Incident.newBuilder().setTitle("Test incident").setOccurredDate(yesterday())
                .setPlace(Place.newBuilder().setCountryCode("PK").setPrecision(PlacePrecision.PLACE_PRECISION_COUNTRY))
                .setIncidentType(IncidentType.INCIDENT_TYPE_OTHER).setTargetType(TargetType.TARGET_TYPE_OTHER)
                .setKilled(CasualtyEstimate.newBuilder().setBest(0)).setAffectedDeal(affectedDeal)
                .addSources(testSource()).build();
    }

    /** A statement by speaker {@code marker} about the given incident and deal (either may be ""). */
    static Statement statement(String marker, String incident, String deal) {
        Statement.Builder statement = Statement.newBuilder().setSpeaker(marker).setCountryCode("PK")
                .setStatementDate(yesterday()).setSetting(StatementSetting.STATEMENT_SETTING_PRESS_BRIEFING)
                .setKind(StatementKind.STATEMENT_KIND_DIRECT_QUOTE).setText("We condemn the attack.")
                .setLanguageCode("en")
                .addTopics(TopicStance.newBuilder().setTopic("cpec-security").setStance(Stance.STANCE_SUPPORTS))
                .addSources(testSource());
        if (!incident.isEmpty()) {
            statement.addIncidents(incident);
        }
        if (!deal.isEmpty()) {
            statement.addDeals(deal);
        }
        return statement.build();
    }
}
