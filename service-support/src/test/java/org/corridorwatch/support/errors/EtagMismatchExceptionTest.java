package org.corridorwatch.support.errors;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.grpc.Status;

class EtagMismatchExceptionTest {

    @Test
    void emptyRequestedEtagPasses() {
        assertDoesNotThrow(() -> EtagMismatchException.check("incidents/x", "", "\"3\""));
        assertDoesNotThrow(() -> EtagMismatchException.check("incidents/x", "", ""));
    }

    @Test
    void equalEtagPasses() {
        assertDoesNotThrow(() -> EtagMismatchException.check("incidents/x", "\"3\"", "\"3\""));
    }

    @Test
    void differentEtagThrowsAborted() {
        EtagMismatchException e = assertThrows(EtagMismatchException.class,
                () -> EtagMismatchException.check("incidents/x", "\"2\"", "\"3\""));

        assertEquals(Status.Code.ABORTED, e.code());
        assertEquals("ETAG_MISMATCH", e.reason());
        assertEquals(Map.of("resource", "incidents/x"), e.metadata());
        assertEquals(List.of(), e.details());
        assertTrue(e.getMessage().startsWith("incidents/x has changed"), e.getMessage());
    }

    @Test
    void etagComparisonIsExact() {
        assertThrows(EtagMismatchException.class, () -> EtagMismatchException.check("incidents/x", "\"3\"", "3"));
        assertThrows(EtagMismatchException.class, () -> EtagMismatchException.check("incidents/x", "abc", "ABC"));
        assertThrows(EtagMismatchException.class, () -> EtagMismatchException.check("incidents/x", "\"3\"", ""));
    }

    @Test
    void expectedOutcomeCarriesNoStackTrace() {
        assertEquals(0, new EtagMismatchException("incidents/x").getStackTrace().length);
    }
}
