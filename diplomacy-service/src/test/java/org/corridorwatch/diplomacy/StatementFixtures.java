package org.corridorwatch.diplomacy;

import java.util.List;
import java.util.UUID;

import com.google.type.Date;

import org.corridorwatch.api.common.v1.Source;
import org.corridorwatch.api.diplomacy.v1.Stance;
import org.corridorwatch.api.diplomacy.v1.Statement;
import org.corridorwatch.api.diplomacy.v1.StatementKind;
import org.corridorwatch.api.diplomacy.v1.StatementSetting;
import org.corridorwatch.api.diplomacy.v1.TopicStance;

/**
 * Statements the tests record: the quotes of the two seed articles (../shared/seeds), verbatim.
 * Speakers, dates, settings and kinds are as the articles give them (a partial date where only the
 * month or year is known); topics, stances, summaries and the source URLs are test inputs, not
 * sourced facts. Tests isolate their rows by making each statement refer to an incident of their
 * own ({@link #marker()}) and filtering on it.
 */
public final class StatementFixtures {

    static final String ARAB_NEWS_EXCERPT = "Information Minister Attaullah Tarar ruled out the possibility of a joint"
            + " security force or Islamabad allowing Beijing to bring in its own security staff";
    static final String DAWN_EXCERPT = "Beijing is pushing Pakistan to allow its own security staff to provide"
            + " protection to thousands of Chinese citizens working in Pakistan";

    private StatementFixtures() {
    }

    /**
     * A new incident name that the fake incidents-service knows and no other test uses: statements
     * that refer to it are this test's own.
     */
    static String marker() {
        return ReferencedServices.INCIDENTS.add("incidents/test-" + UUID.randomUUID());
    }

    /** A deal that exists in the fake investments-service. */
    static String existingDeal() {
        return ReferencedServices.DEALS.add("deals/test-" + UUID.randomUUID());
    }

    public static Date date(int year, int month, int day) {
        return Date.newBuilder().setYear(year).setMonth(month).setDay(day).build();
    }

    static TopicStance topic(String topic, Stance stance) {
        return TopicStance.newBuilder().setTopic(topic).setStance(stance).build();
    }

    static Source arabNews() {
        return Source.newBuilder().setOutlet("Arab News").setUrl("https://example.org/arab-news/tarar-interview")
                .setTitle("Pakistan rules out joint security force with China")
                .setPublishedDate(date(2025, 9, 0)).setExcerpt(ARAB_NEWS_EXCERPT).build();
    }

    static Source dawn() {
        return Source.newBuilder().setOutlet("Dawn").setUrl("https://example.org/dawn/joint-security")
                .setTitle("China pushes Pakistan to allow its own security for Chinese citizens")
                .setPublishedDate(date(2024, 11, 13)).setExcerpt(DAWN_EXCERPT).build();
    }

    private static Statement.Builder tarar(String text) {
        return Statement.newBuilder().setSpeaker("Attaullah Tarar").setSpeakerRole("Information Minister")
                .setOrganization("Ministry of Information and Broadcasting").setCountryCode("PK")
                .setStatementDate(date(2025, 9, 0)).setSetting(StatementSetting.STATEMENT_SETTING_INTERVIEW)
                .setSettingDetail("interview with Arab News").setKind(StatementKind.STATEMENT_KIND_DIRECT_QUOTE)
                .setText(text).setLanguageCode("en").addSources(arabNews());
    }

    /** Tarar: cooperation and intelligence sharing, yes. */
    public static Statement tararCooperation() {
        return tarar("Obviously, there has to be cooperation, there has to be intel-sharing, there has to be a lot of"
                + " exchange of ideas, that happens all the time,")
                .setSummary("Backs cooperation and intelligence sharing with China.")
                .addTopics(topic("intelligence-sharing", Stance.STANCE_SUPPORTS)).build();
    }

    /** Tarar: no Chinese forces on the ground. */
    public static Statement tararOnGround() {
        return tarar("But with regard to on-ground security [presence of Chinese forces], I think Pakistani security"
                + " forces, Pakistani armed forces, are well equipped to deal with the situation and they’re"
                + " already dealing with it.")
                .setSummary("Rules out Chinese security personnel on the ground and a joint security force.")
                .addTopics(topic("chinese-security-personnel", Stance.STANCE_RULES_OUT))
                .addTopics(topic("joint-security", Stance.STANCE_RULES_OUT)).build();
    }

    /** Tarar: the security situation is a concern. */
    public static Statement tararConcern() {
        return tarar("I think as far as the security situation is concerned, yes, it’s a concern,")
                .setSummary("Acknowledges Beijing's concerns.")
                .addTopics(topic("cpec-security", Stance.STANCE_NEUTRAL)).build();
    }

    /** Tarar on the ML-1 railway. */
    public static Statement tararMl1() {
        return tarar("I don’t see any negativity on any side with regard to the ML-1. And ML-1, whichever arrangement"
                + " is finalized, I think there will be cooperation and there will be facilitation from the Chinese"
                + " side as well. Let’s see how it turns out eventually.")
                .setSummary("Expects Chinese facilitation whoever finances the railway upgrade.")
                .addTopics(topic("ml-1", Stance.STANCE_SUPPORTS)).build();
    }

    /** Tarar: Chinese investors ready to relocate. */
    public static Statement tararRelocation() {
        return tarar("Chinese investors are ready to even relocate their industry to Pakistan because it is"
                + " beneficial for them to export their products from Pakistan because the port is near, the"
                + " Gwadar port [in Balochistan], the Karachi port.")
                .setSummary("Says Chinese firms will move industry to Pakistan.")
                .addTopics(topic("chinese-investment", Stance.STANCE_SUPPORTS)).build();
    }

    /** Tarar on ties with the US and China. */
    public static Statement tararUsTies() {
        return tarar("So, I think one relationship is not at the cost of the other.")
                .setSummary("Relations with the United States do not come at the expense of China.")
                .addTopics(topic("us-ties", Stance.STANCE_SUPPORTS))
                .addTopics(topic("china-ties", Stance.STANCE_SUPPORTS)).build();
    }

    /** Xi Jinping pressed Shehbaz Sharif on the security of Chinese nationals. */
    public static Statement xiPressedSharif() {
        return Statement.newBuilder().setSpeaker("Xi Jinping").setSpeakerRole("President")
                .setOrganization("Government of the People's Republic of China").setCountryCode("CN")
                .setStatementDate(date(2025, 9, 0)).setSetting(StatementSetting.STATEMENT_SETTING_BILATERAL_MEETING)
                .setSettingDetail("meeting with Prime Minister Shehbaz Sharif during the SCO summit")
                .setKind(StatementKind.STATEMENT_KIND_PARAPHRASE)
                .setText("President Xi Jinping pressed him to improve security for Chinese nationals")
                .setLanguageCode("en").addTopics(topic("cpec-security", Stance.STANCE_SUPPORTS))
                .addSources(arabNews()).build();
    }

    /** The PRC foreign ministry spokesperson, November 2024. */
    public static Statement chinaCounterterrorism() {
        return Statement.newBuilder().setSpeakerRole("Foreign ministry spokesperson")
                .setOrganization("Ministry of Foreign Affairs of the People's Republic of China").setCountryCode("CN")
                .setStatementDate(date(2024, 11, 0)).setSetting(StatementSetting.STATEMENT_SETTING_PRESS_BRIEFING)
                .setKind(StatementKind.STATEMENT_KIND_DIRECT_QUOTE)
                .setText("will continue supporting Pakistan’s counterterrorism effort[s] and socioeconomic development")
                .setLanguageCode("en").addTopics(topic("counterterrorism", Stance.STANCE_SUPPORTS))
                .addSources(dawn()).build();
    }

    /** A PRC foreign ministry spokesman to Reuters: not familiar with talks on a joint security scheme. */
    public static Statement chinaToReuters() {
        return Statement.newBuilder().setSpeakerRole("Foreign ministry spokesman")
                .setOrganization("Ministry of Foreign Affairs of the People's Republic of China").setCountryCode("CN")
                .setStatementDate(date(2024, 11, 0)).setSetting(StatementSetting.STATEMENT_SETTING_MEDIA_REQUEST)
                .setSettingDetail("answer to Reuters").setKind(StatementKind.STATEMENT_KIND_DIRECT_QUOTE)
                .setText("China will continue to strengthen co-operation with Pakistan and make joint efforts to do its"
                        + " utmost to maintain the security of Chinese personnel, projects and institutions.")
                .setLanguageCode("en")
                .setSummary("Not familiar with talks on a joint security scheme.")
                .addTopics(topic("joint-security", Stance.STANCE_AMBIGUOUS))
                .addTopics(topic("cpec-security", Stance.STANCE_SUPPORTS)).addSources(dawn()).build();
    }

    /** Beijing's written proposal, as Reuters reported it (its date is not given: 2024). */
    public static Statement beijingProposal() {
        return Statement.newBuilder().setOrganization("Government of the People's Republic of China")
                .setCountryCode("CN").setStatementDate(date(2024, 0, 0))
                .setSetting(StatementSetting.STATEMENT_SETTING_DIPLOMATIC_DOCUMENT)
                .setSettingDetail("written proposal sent to Islamabad, reviewed by Reuters")
                .setKind(StatementKind.STATEMENT_KIND_PARAPHRASE)
                .setText("A written proposal sent to Islamabad by Beijing mentioned a clause allowing the dispatching"
                        + " of security agencies and military forces into each others’ territory to assist in"
                        + " counter terrorism missions and conduct joint strikes.")
                .setLanguageCode("en")
                .setSummary("China wants its own security staff to protect Chinese citizens in Pakistan.")
                .addTopics(topic("chinese-security-personnel", Stance.STANCE_SUPPORTS))
                .addTopics(topic("joint-security", Stance.STANCE_SUPPORTS)).addSources(dawn()).build();
    }

    /** Pakistani officials, to Reuters: consensus on a joint security management system. */
    public static Statement pakistanJointManagement() {
        return Statement.newBuilder().setSpeakerRole("Pakistani officials with knowledge of the talks")
                .setOrganization("Government of Pakistan").setCountryCode("PK").setStatementDate(date(2024, 11, 0))
                .setSetting(StatementSetting.STATEMENT_SETTING_MEDIA_REQUEST).setSettingDetail("anonymous, to Reuters")
                .setKind(StatementKind.STATEMENT_KIND_PARAPHRASE)
                .setText("there was a consensus on setting up a joint security management system, and that Pakistan was"
                        + " amenable to Chinese officials sitting in on security meetings and co-ordination.")
                .setLanguageCode("en")
                .addTopics(topic("joint-security", Stance.STANCE_SUPPORTS))
                .addTopics(topic("chinese-security-personnel", Stance.STANCE_OPPOSES)).addSources(dawn()).build();
    }

    /** Pakistan's interior ministry: a joint strategy, in a statement the week before 13 November 2024. */
    public static Statement interiorJointStrategy() {
        return Statement.newBuilder().setOrganization("Ministry of Interior").setCountryCode("PK")
                .setStatementDate(date(2024, 11, 0)).setSetting(StatementSetting.STATEMENT_SETTING_WRITTEN_STATEMENT)
                .setKind(StatementKind.STATEMENT_KIND_PARAPHRASE)
                .setText("both sides agreed to develop a joint strategy to prevent similar incidents in the future.")
                .setLanguageCode("en").addTopics(topic("joint-security", Stance.STANCE_SUPPORTS))
                .addSources(dawn()).build();
    }

    /** ISPR declined to comment. */
    public static Statement isprDeclined() {
        return Statement.newBuilder().setOrganization("Inter-Services Public Relations").setCountryCode("PK")
                .setStatementDate(date(2024, 11, 0)).setSetting(StatementSetting.STATEMENT_SETTING_MEDIA_REQUEST)
                .setSettingDetail("request for comment from Reuters")
                .setKind(StatementKind.STATEMENT_KIND_DECLINED_TO_COMMENT)
                .setSummary("The army's media wing declined to comment on Chinese security staff.")
                .addTopics(topic("joint-security", Stance.STANCE_NEUTRAL)).addSources(dawn()).build();
    }

    /** The planning ministry did not respond. */
    public static Statement planningDidNotRespond() {
        return Statement.newBuilder().setOrganization("Ministry of Planning, Development and Special Initiatives")
                .setCountryCode("PK").setStatementDate(date(2024, 11, 0))
                .setSetting(StatementSetting.STATEMENT_SETTING_MEDIA_REQUEST)
                .setKind(StatementKind.STATEMENT_KIND_DID_NOT_RESPOND)
                .setSummary("Did not respond to repeated requests for comment.").addSources(dawn()).build();
    }

    /** Every statement above. */
    public static List<Statement> corpus() {
        return List.of(tararCooperation(), tararOnGround(), tararConcern(), tararMl1(), tararRelocation(),
                tararUsTies(), xiPressedSharif(), chinaCounterterrorism(), chinaToReuters(), beijingProposal(),
                pakistanJointManagement(), interiorJointStrategy(), isprDeclined(), planningDidNotRespond());
    }

    /**
     * A valid statement with every field a client can set, set (and no output-only one): Tarar on
     * Chinese security personnel, referring to two incidents and a deal (names only: the fakes
     * are not asked here), with a second source that has nothing but its outlet.
     */
    public static Statement complete() {
        return tararOnGround().toBuilder()
                .addIncidents("incidents/karachi-airport-2024").addIncidents("incidents/besham-2024")
                .addDeals("deals/ml-1")
                .addSources(Source.newBuilder().setOutlet("Dawn"))
                .build();
    }
}
