package org.corridorwatch.investments;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import com.google.type.Date;
import com.google.type.Money;

import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.investments.v1.AmountType;
import org.corridorwatch.api.investments.v1.Commodity;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealAmount;
import org.corridorwatch.api.investments.v1.DealKind;
import org.corridorwatch.api.investments.v1.DealParty;
import org.corridorwatch.api.investments.v1.DealStatus;
import org.corridorwatch.api.investments.v1.PartyRole;
import org.corridorwatch.api.investments.v1.Programme;
import org.corridorwatch.api.investments.v1.Sector;

/**
 * Deals the tests record, modelled on the seed articles (../shared/seeds). The headline figures
 * ($2 billion and about 500 km for ML-1, $500 million for the minerals MoU, $1.5 billion of joint
 * ventures at the SCO B2B conference), the parties, commodities, sectors and months come from the
 * articles. Everything else is a test input, not a sourced fact: exact days, the ML-1 programme
 * and party countries, the amount types chosen, every revised or rupee amount and every nanos
 * value, the notes, and the source URL (example.org). The seed dataset must take its figures from
 * the articles only.
 *
 * <p>Tests isolate their deals with {@link #uniqueParty()}: each deal a test records names that
 * party, and the test lists and summarizes with {@code DealFilter.party} set to it.
 */
public final class DealFixtures {

    private DealFixtures() {
    }

    /** A party name no other test uses. */
    static String uniqueParty() {
        return "Test Party " + UUID.randomUUID();
    }

    /** The deal with the test's party added, in a role that changes nothing else about it. */
    static Deal tagged(Deal deal, String party) {
        return deal.toBuilder().addParties(DealParty.newBuilder().setName(party).setRole(PartyRole.PARTY_ROLE_OTHER))
                .build();
    }

    public static Date date(int year, int month, int day) {
        return Date.newBuilder().setYear(year).setMonth(month).setDay(day).build();
    }

    /** A date a year from now: always in the future. */
    static Date nextYear() {
        LocalDate d = LocalDate.now(ZoneOffset.UTC).plusYears(1);
        return date(d.getYear(), d.getMonthValue(), d.getDayOfMonth());
    }

    public static Money money(String currency, long units, int nanos) {
        return Money.newBuilder().setCurrencyCode(currency).setUnits(units).setNanos(nanos).build();
    }

    static Money usd(long units) {
        return money("USD", units, 0);
    }

    static DealAmount amount(AmountType type, Money value, Date asOf) {
        DealAmount.Builder amount = DealAmount.newBuilder().setType(type).setValue(value);
        if (asOf != null) {
            amount.setAsOfDate(asOf);
        }
        return amount.build();
    }

    public static Source arabNews() {
        return Source.newBuilder().setOutlet("Arab News")
                .setUrl("https://example.org/reports/tarar-interview")
                .setTitle("Pakistan rules out joint security force with China, says information minister")
                .setPublishedDate(date(2025, 9, 0))
                .setExcerpt("900 business participants from both countries signed joint venture agreements worth"
                        + " $1.5 billion and memorandums of understanding (MoUs) worth $7 billion.")
                .build();
    }

    /** ML-1: the ADB in advanced talks to lead a $2 billion upgrade of Karachi–Rohri, about 500 km. */
    public static Deal ml1() {
        return Deal.newBuilder()
                .setTitle("ML-1 railway upgrade, Karachi to Rohri")
                .setSummary("The Asian Development Bank is in advanced talks to lead financing of the railway line's"
                        + " upgrade, replacing China after prolonged delays.")
                .setKind(DealKind.DEAL_KIND_FINANCING_AGREEMENT)
                .addParties(DealParty.newBuilder().setName("Asian Development Bank")
                        .setRole(PartyRole.PARTY_ROLE_FINANCIER))
                .addParties(DealParty.newBuilder().setName("Government of Pakistan")
                        .setRole(PartyRole.PARTY_ROLE_HOST_GOVERNMENT).setCountryCode("PK"))
                .addSectors(Sector.SECTOR_RAIL)
                .setProgramme(Programme.PROGRAMME_CPEC)
                .setLocation("Karachi–Rohri, about 500 km")
                .addAmounts(amount(AmountType.AMOUNT_TYPE_ENVISAGED, usd(2_000_000_000L), date(2025, 8, 0)))
                .setAnnouncedDate(date(2025, 8, 0))
                .setStatus(DealStatus.DEAL_STATUS_UNDER_NEGOTIATION)
                .addSources(arabNews())
                .build();
    }

    /** The $500 million critical-minerals MoU with US Strategic Metals and the Frontier Works Organization. */
    public static Deal mineralsMou() {
        return Deal.newBuilder()
                .setTitle("Critical minerals MoU with US Strategic Metals")
                .setSummary("Pakistan, US Strategic Metals and the Frontier Works Organization agreed to develop the"
                        + " critical minerals sector, with exports and a planned poly-metallic refinery.")
                .setKind(DealKind.DEAL_KIND_MOU)
                .addParties(DealParty.newBuilder().setName("US Strategic Metals")
                        .setRole(PartyRole.PARTY_ROLE_INVESTOR).setCountryCode("US"))
                .addParties(DealParty.newBuilder().setName("Frontier Works Organization")
                        .setRole(PartyRole.PARTY_ROLE_IMPLEMENTING_AGENCY).setCountryCode("PK"))
                .addCounterpartCountries("US")
                .addSectors(Sector.SECTOR_MINING)
                .addCommodities(Commodity.COMMODITY_ANTIMONY)
                .addCommodities(Commodity.COMMODITY_COPPER)
                .addCommodities(Commodity.COMMODITY_GOLD)
                .addCommodities(Commodity.COMMODITY_TUNGSTEN)
                .addCommodities(Commodity.COMMODITY_RARE_EARTHS)
                .setProgramme(Programme.PROGRAMME_NONE)
                .addAmounts(amount(AmountType.AMOUNT_TYPE_ENVISAGED, usd(500_000_000L), date(2025, 9, 0)))
                .setAnnouncedDate(date(2025, 9, 0))
                .setSignedDate(date(2025, 9, 0))
                .setStatus(DealStatus.DEAL_STATUS_MOU_SIGNED)
                .addSources(arabNews())
                .build();
    }

    /** The basket of joint ventures signed at the SCO-summit B2B conference, $1.5 billion. */
    public static Deal scoJointVentures() {
        return Deal.newBuilder()
                .setTitle("Joint ventures of the SCO summit B2B conference")
                .setSummary("900 business participants from Pakistan and China signed joint venture agreements in"
                        + " the electric vehicle, textile, mining and energy sectors.")
                .setKind(DealKind.DEAL_KIND_JOINT_VENTURE)
                .addParties(DealParty.newBuilder().setName("Chinese businesses")
                        .setRole(PartyRole.PARTY_ROLE_INVESTOR).setCountryCode("CN"))
                .addParties(DealParty.newBuilder().setName("Pakistani businesses")
                        .setRole(PartyRole.PARTY_ROLE_INVESTOR).setCountryCode("PK"))
                .addCounterpartCountries("CN")
                .addSectors(Sector.SECTOR_ELECTRIC_VEHICLES)
                .addSectors(Sector.SECTOR_TEXTILES)
                .addSectors(Sector.SECTOR_MINING)
                .addSectors(Sector.SECTOR_ENERGY)
                .setProgramme(Programme.PROGRAMME_NONE)
                .addAmounts(amount(AmountType.AMOUNT_TYPE_COMMITTED, usd(1_500_000_000L), date(2025, 9, 2)))
                .setAnnouncedDate(date(2025, 9, 2))
                .setSignedDate(date(2025, 9, 2))
                .setStatus(DealStatus.DEAL_STATUS_AGREEMENT_SIGNED)
                .addSources(arabNews())
                .build();
    }

    /** The July 2025 US–Pakistan trade agreement (reciprocal tariffs cut from about 29% to 19%). */
    public static Deal usTradeAgreement() {
        return Deal.newBuilder()
                .setTitle("US–Pakistan trade agreement")
                .setSummary("Reciprocal tariffs on key Pakistani exports such as textiles and leather goods reduced"
                        + " from around 29 percent to 19 percent.")
                .setKind(DealKind.DEAL_KIND_TRADE_AGREEMENT)
                .addParties(DealParty.newBuilder().setName("United States Government")
                        .setRole(PartyRole.PARTY_ROLE_OTHER).setCountryCode("US"))
                .addParties(DealParty.newBuilder().setName("Government of Pakistan")
                        .setRole(PartyRole.PARTY_ROLE_HOST_GOVERNMENT).setCountryCode("PK"))
                .addCounterpartCountries("US")
                .addSectors(Sector.SECTOR_TRADE)
                .setProgramme(Programme.PROGRAMME_NONE)
                .setAnnouncedDate(date(2025, 7, 0))
                .setSignedDate(date(2025, 7, 0))
                .setStatus(DealStatus.DEAL_STATUS_AGREEMENT_SIGNED)
                .addSources(arabNews())
                .build();
    }

    /**
     * A fictional deal with its amount in rupees (every value here is a test input): a textile
     * park financed in PKR, with counterparts on both sides.
     */
    public static Deal rupeeTextilePark() {
        return Deal.newBuilder()
                .setTitle("Test textile park financing")
                .setSummary("A fictional textile park financed in rupees, used to test currencies.")
                .setKind(DealKind.DEAL_KIND_FINANCING_AGREEMENT)
                .addParties(DealParty.newBuilder().setName("Test Textile Bank")
                        .setRole(PartyRole.PARTY_ROLE_FINANCIER).setCountryCode("PK"))
                .addCounterpartCountries("CN")
                .addCounterpartCountries("US")
                .addSectors(Sector.SECTOR_TEXTILES)
                .addAmounts(amount(AmountType.AMOUNT_TYPE_COMMITTED, money("PKR", 12_000_000_000L, 500_000_000),
                        date(2024, 6, 0)))
                .setAnnouncedDate(date(2024, 1, 15))
                .setStatus(DealStatus.DEAL_STATUS_MOU_SIGNED)
                .addSources(arabNews())
                .build();
    }

    /**
     * A valid deal with every field a client can set, set (and no output-only one): the minerals
     * MoU with a located route, two counterpart countries, an amount citing its own source and a
     * rupee amount with nanos but no as-of date or source, a signed day, and a second source with
     * nothing but its outlet.
     */
    public static Deal complete() {
        return mineralsMou().toBuilder()
                .addCounterpartCountries("CN")
                .addSectors(Sector.SECTOR_TRADE)
                .setLocation("Balochistan and Khyber Pakhtunkhwa")
                .clearAmounts()
                .addAmounts(DealAmount.newBuilder().setType(AmountType.AMOUNT_TYPE_ENVISAGED)
                        .setValue(money("USD", 500_000_000L, 0)).setAsOfDate(date(2025, 9, 0)).setSource(arabNews()))
                .addAmounts(DealAmount.newBuilder().setType(AmountType.AMOUNT_TYPE_COMMITTED)
                        .setValue(money("PKR", 12_000_000_000L, 500_000_000)))
                .setSignedDate(date(2025, 9, 8))
                .addSources(Source.newBuilder().setOutlet("Dawn"))
                .build();
    }
}
