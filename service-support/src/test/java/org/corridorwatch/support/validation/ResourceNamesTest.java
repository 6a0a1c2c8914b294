package org.corridorwatch.support.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.google.rpc.BadRequest.FieldViolation;

class ResourceNamesTest {

    private static final String SIXTY_THREE = "a" + "b".repeat(61) + "c";
    private static final String SIXTY_FOUR = "a" + "b".repeat(62) + "c";

    @Test
    void formatJoinsCollectionAndId() {
        assertEquals("incidents/flood-2024", ResourceNames.format("incidents", "flood-2024"));
    }

    @Test
    void formattedNameParsesBackToTheId() {
        Violations violations = new Violations();
        String name = ResourceNames.format("incidents", "abc-123");

        assertEquals("abc-123", ResourceNames.parse("incidents", name, "name", violations));
        assertTrue(violations.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"incidents/a", "incidents/0", "incidents/flood-2024", "incidents/a-b-c"})
    void wellFormedNamesAreValid(String name) {
        assertTrue(ResourceNames.isValid("incidents", name));
        Violations violations = new Violations();
        assertEquals(name.substring("incidents/".length()), ResourceNames.parse("incidents", name, "name", violations));
        assertTrue(violations.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"incidents/", "incidents/UPPER", "incidents/-a", "incidents/a-", "incidents/a_b",
            "incidents/a/b", "incidents/a.b", "incidents/ a", "deals/x", "incidents", "incidentsx/a", "Incidents/a",
            "/incidents/a", "incidents//a", "x/incidents/a"})
    void badNamesAreInvalidAndAddOneViolation(String name) {
        assertFalse(ResourceNames.isValid("incidents", name));

        Violations violations = new Violations();
        assertNull(ResourceNames.parse("incidents", name, "incident.name", violations));

        assertEquals(List.of(FieldViolation.newBuilder().setField("incident.name")
                .setDescription("must be a resource name like \"incidents/{id}\"").build()), violations.list());
    }

    @Test
    void nameWithSixtyThreeCharacterIdIsValid() {
        Violations violations = new Violations();

        assertEquals(SIXTY_THREE, ResourceNames.parse("incidents", "incidents/" + SIXTY_THREE, "name", violations));
        assertTrue(ResourceNames.isValid("incidents", "incidents/" + SIXTY_THREE));
        assertTrue(violations.isEmpty());
    }

    @Test
    void nameWithSixtyFourCharacterIdIsInvalid() {
        Violations violations = new Violations();

        assertNull(ResourceNames.parse("incidents", "incidents/" + SIXTY_FOUR, "name", violations));
        assertFalse(ResourceNames.isValid("incidents", "incidents/" + SIXTY_FOUR));
        assertEquals(1, violations.list().size());
    }

    @Test
    void emptyNameIsRequired() {
        assertFalse(ResourceNames.isValid("incidents", ""));

        Violations violations = new Violations();
        assertNull(ResourceNames.parse("incidents", "", "name", violations));

        assertEquals(List.of(FieldViolation.newBuilder().setField("name").setDescription("is required").build()),
                violations.list());
    }

    @Test
    void parseAddsToExistingViolations() {
        Violations violations = new Violations().add("other", "first");

        ResourceNames.parse("incidents", "deals/x", "name", violations);

        assertEquals(List.of("other", "name"), violations.list().stream().map(FieldViolation::getField).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "9", "ab", "a-b", "a--b", "abc123", "0-0"})
    void validIds(String id) {
        assertTrue(ResourceNames.isValidId(id));
    }

    @Test
    void sixtyThreeCharacterIdIsValid() {
        assertEquals(63, SIXTY_THREE.length());
        assertTrue(ResourceNames.isValidId(SIXTY_THREE));
    }

    @Test
    void sixtyFourCharacterIdIsInvalid() {
        assertEquals(64, SIXTY_FOUR.length());
        assertFalse(ResourceNames.isValidId(SIXTY_FOUR));
        assertFalse(ResourceNames.isValidId("a".repeat(64)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "-a", "a-", "A", "aB", "a_b", "a.b", "a b", "a/b", "é", "a\n"})
    void invalidIds(String id) {
        assertFalse(ResourceNames.isValidId(id));
    }
}
