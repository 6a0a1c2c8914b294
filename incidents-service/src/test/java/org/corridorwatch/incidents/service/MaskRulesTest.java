package org.corridorwatch.incidents.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import org.corridorwatch.support.masks.MaskRules;
import org.junit.jupiter.api.Test;

import org.corridorwatch.api.incidents.v1.Incident;

/**
 * The update_mask rules UpdateIncident applies come from incident.proto's field behaviours; they
 * must be the rules the service had when they were written by hand (and that the
 * UpdateIncidentRequest.update_mask comment documents).
 */
class MaskRulesTest {

    private final MaskRules rules = MaskRules.of(Incident.getDescriptor());

    @Test
    void everyFieldAClientWritesIsUpdatable() {
        assertEquals(Set.of("title", "summary", "occurred_date", "place", "incident_type", "target_type", "killed",
                "injured", "casualties_by_nationality", "perpetrators", "affected_deal", "status", "sources"),
                rules.updatable());
    }

    @Test
    void theNameTheEtagAndTheTimestampsAreIgnored() {
        assertEquals(Set.of("name", "create_time", "update_time", "etag", "delete_time"), rules.ignored());
    }
}
