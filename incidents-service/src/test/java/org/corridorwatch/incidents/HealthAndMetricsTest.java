package org.corridorwatch.incidents;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.corridorwatch.support.health.DatabaseReadinessCheck;
import org.corridorwatch.support.health.GrpcReadiness;
import org.corridorwatch.testing.Await;
import org.corridorwatch.testing.EmbeddedPostgresResource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import org.corridorwatch.api.incidents.v1.CreateIncidentRequest;
import org.corridorwatch.api.incidents.v1.GetIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc.IncidentServiceBlockingStub;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import grpc.health.v1.HealthGrpc.HealthBlockingStub;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** The operator's view: HTTP health and metrics, gRPC health, and what happens when PostgreSQL goes away. */
@QuarkusTest
class HealthAndMetricsTest {

    @GrpcClient("incidents")
    IncidentServiceBlockingStub incidents;

    @GrpcClient("incidents")
    HealthBlockingStub health;

    @Inject
    DataSource dataSource;

    @Test
    void livenessAndReadinessAreUp() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        // Readiness is service-support's database probe (the same in every service), not Quarkus's
        // datasource check, which borrows from the pool.
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem(DatabaseReadinessCheck.NAME))
                .body("checks.name", not(hasItem("Database connections health check")));
        assertEquals(ServingStatus.SERVING, health.check(HealthCheckRequest.getDefaultInstance()).getStatus());
    }

    @Test
    void metricsExposeTheGrpcServerCalls() {
        incidents.createIncident(CreateIncidentRequest.newBuilder().setIncident(IncidentFixtures.dasu()).build());
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("grpc_server_processing_duration_seconds"))
                .body(containsString("method=\"CreateIncident\""));
    }

    @Test
    void readinessFollowsTheDatabaseAndNoAcknowledgedWriteIsLost() throws Exception {
        assumeTrue(EmbeddedPostgresResource.isEmbedded(), "needs the embedded database, which it stops");
        Incident written = incidents.createIncident(CreateIncidentRequest.newBuilder()
                .setIncident(IncidentFixtures.besham()).build());

        EmbeddedPostgresResource.stopDatabase();
        try {
            given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
            // gRPC readiness probes see the same: the overall status and the service's own.
            Await.until("overall gRPC health NOT_SERVING", Duration.ofSeconds(30),
                    () -> grpcStatus("") == ServingStatus.NOT_SERVING);
            Await.until("the service's gRPC health NOT_SERVING", Duration.ofSeconds(5),
                    () -> grpcStatus(IncidentServiceGrpc.SERVICE_NAME) == ServingStatus.NOT_SERVING);
            assertEquals(ServingStatus.SERVING, grpcStatus(GrpcReadiness.LIVENESS));
            // Liveness stays UP: restarting the service would not bring the database back.
            given().get("/q/health/live").then().statusCode(200);
            IncidentsTestSupport.assertFails(Status.Code.UNAVAILABLE, () -> incidents.getIncident(
                    GetIncidentRequest.newBuilder().setName(written.getName()).build()));
        } finally {
            EmbeddedPostgresResource.startDatabase();
        }

        Await.until("readiness UP again", Duration.ofSeconds(30),
                () -> given().get("/q/health/ready").statusCode() == 200);
        Await.until("overall gRPC health SERVING again", Duration.ofSeconds(30),
                () -> grpcStatus("") == ServingStatus.SERVING);
        assertEquals(written, incidents.getIncident(GetIncidentRequest.newBuilder().setName(written.getName()).build()));
    }

    @Test
    void readinessFollowsTheDatabaseNotTheConnectionPool() throws Exception {
        assumeTrue(EmbeddedPostgresResource.isEmbedded(), "needs the embedded database, which it stops");
        int poolSize = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.max-size", Integer.class);
        List<Connection> lent = new ArrayList<>();
        try {
            // Every pooled connection lent out, as under load: requests wait, but the database answers.
            for (int i = 0; i < poolSize; i++) {
                lent.add(dataSource.getConnection());
            }
            given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
            Thread.sleep(2_000); // two probes
            assertEquals(ServingStatus.SERVING, grpcStatus(""));

            EmbeddedPostgresResource.stopDatabase();
            try {
                // Noticed within a few probes, however busy the pool (it was 5 s and more, or never).
                Await.until("overall gRPC health NOT_SERVING", Duration.ofSeconds(3),
                        () -> grpcStatus("") == ServingStatus.NOT_SERVING);
                given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
            } finally {
                EmbeddedPostgresResource.startDatabase();
            }
        } finally {
            for (Connection connection : lent) {
                connection.close();
            }
        }
        Await.until("overall gRPC health SERVING again", Duration.ofSeconds(30),
                () -> grpcStatus("") == ServingStatus.SERVING);
        given().get("/q/health/ready").then().statusCode(200);
    }

    private ServingStatus grpcStatus(String service) {
        return health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }
}
