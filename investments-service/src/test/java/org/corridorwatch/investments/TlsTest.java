package org.corridorwatch.investments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.ConnectException;
import java.net.Socket;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.corridorwatch.api.investments.v1.DealServiceGrpc;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.api.investments.v1.ListDealsRequest;
import org.corridorwatch.testing.SelfSignedCertificate;
import grpc.health.v1.HealthGrpc;
import grpc.health.v1.HealthGrpc.HealthBlockingStub;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * TLS as a deployment configures it (README "TLS"): the profile "tls", a certificate made for this
 * run through CORRIDORWATCH_TLS_CERT / _KEY, and TLS required (insecure requests disabled). The
 * test's gRPC client is configured like the services' reference-check clients
 * ({@code quarkus.grpc.clients.<name>.ssl.trust-store}, the CA file) and calls end to end; a
 * plaintext client gets no answer.
 */
@QuarkusTest
@TestProfile(TlsTest.TlsRequired.class)
class TlsTest {

    /** The certificate, and the TLS port (free now), of the one application this profile starts. */
    private static final SelfSignedCertificate CERTIFICATE = SelfSignedCertificate.generate();
    private static final int TLS_PORT = SelfSignedCertificate.freePort();
    /** The plaintext port the app would listen on were insecure requests enabled (free now). */
    private static final int PLAINTEXT_PORT = SelfSignedCertificate.freePort();

    public static final class TlsRequired implements QuarkusTestProfile {
        /** The test profile plus "tls", as a deployment runs prod plus "tls" (QUARKUS_PROFILE=prod,tls). */
        @Override
        public String getConfigProfile() {
            return "test,tls";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(CERTIFICATE.servedOn(TLS_PORT, "investments"));
            config.put("quarkus.http.insecure-requests", "disabled");
            config.put("quarkus.http.test-port", Integer.toString(PLAINTEXT_PORT));
            return config;
        }
    }

    @GrpcClient("investments")
    HealthBlockingStub health;

    @GrpcClient("investments")
    DealServiceBlockingStub deals;

    @Test
    void aClientTrustingTheCaCallsOverTls() {
        assertEquals(ServingStatus.SERVING, health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
        deals.listDeals(ListDealsRequest.newBuilder().setPageSize(1).build());
    }

    @Test
    void aPlaintextClientIsRefused() {
        ManagedChannel plaintext = ManagedChannelBuilder.forAddress("localhost", TLS_PORT).usePlaintext().build();
        try {
            StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> HealthGrpc
                    .newBlockingStub(plaintext).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.getDefaultInstance()));
            assertEquals(Status.Code.UNAVAILABLE, refused.getStatus().getCode());
        } finally {
            plaintext.shutdownNow();
        }
    }

    /** TLS required means no plaintext listener at all, not one that answers with an error. */
    @Test
    void thePlaintextPortIsClosed() {
        assertThrows(ConnectException.class, () -> new Socket("localhost", PLAINTEXT_PORT).close());
    }
}
