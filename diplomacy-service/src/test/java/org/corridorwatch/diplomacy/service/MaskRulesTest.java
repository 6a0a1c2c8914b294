package org.corridorwatch.diplomacy.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import org.corridorwatch.support.masks.MaskRules;
import org.junit.jupiter.api.Test;

import org.corridorwatch.api.diplomacy.v1.Statement;

/**
 * The update_mask rules UpdateStatement applies come from statement.proto's field behaviours; they
 * must be the rules the service had when they were written by hand (and that the
 * UpdateStatementRequest.update_mask comment documents).
 */
class MaskRulesTest {

    private final MaskRules rules = MaskRules.of(Statement.getDescriptor());

    @Test
    void everyFieldAClientWritesIsUpdatable() {
        assertEquals(Set.of("speaker", "speaker_role", "organization", "country_code", "statement_date", "setting",
                "setting_detail", "kind", "text", "language_code", "summary", "topics", "incidents", "deals",
                "sources"), rules.updatable());
    }

    @Test
    void theNameTheEtagAndTheTimestampsAreIgnored() {
        assertEquals(Set.of("name", "create_time", "update_time", "etag", "delete_time"), rules.ignored());
    }
}
