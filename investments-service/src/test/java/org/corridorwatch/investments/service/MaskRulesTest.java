package org.corridorwatch.investments.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import java.util.stream.Collectors;

import org.corridorwatch.support.masks.MaskRules;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Descriptors.FieldDescriptor;

import org.corridorwatch.api.investments.v1.Deal;

/**
 * The update_mask rules UpdateDeal applies come from deal.proto's field behaviours; they must be
 * the rules the service had when they were written by hand (and that the
 * UpdateDealRequest.update_mask comment documents).
 */
class MaskRulesTest {

    private final MaskRules rules = MaskRules.of(Deal.getDescriptor());

    @Test
    void everyFieldAClientWritesButTheStatusIsUpdatable() {
        assertEquals(Set.of("title", "summary", "kind", "parties", "counterpart_countries", "sectors", "commodities",
                "programme", "location", "amounts", "announced_date", "signed_date", "sources"), rules.updatable());
    }

    @Test
    void theNameTheEtagTheStatusDateAndTheTimestampsAreIgnored() {
        assertEquals(Set.of("name", "status_date", "create_time", "update_time", "etag", "delete_time"), rules.ignored());
    }

    @Test
    void theStatusIsNeither() {
        // IMMUTABLE: set on create, then moved only by TransitionDealStatus, so an update_mask may not name it.
        Set<String> neither = Deal.getDescriptor().getFields().stream().map(FieldDescriptor::getName)
                .filter(name -> !rules.updatable().contains(name) && !rules.ignored().contains(name))
                .collect(Collectors.toSet());

        assertEquals(Set.of("status"), neither);
    }
}
