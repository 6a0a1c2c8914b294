package org.corridorwatch.investments;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;

import org.corridorwatch.support.health.DatabaseReadinessCheck;
import org.corridorwatch.support.health.GrpcReadiness;
import org.corridorwatch.testing.Await;
import org.corridorwatch.testing.EmbeddedPostgresResource;
import org.junit.jupiter.api.Test;

import org.corridorwatch.api.investments.v1.CreateDealRequest;
import org.corridorwatch.api.investments.v1.Deal;
import org.corridorwatch.api.investments.v1.DealServiceGrpc;
import org.corridorwatch.api.investments.v1.DealServiceGrpc.DealServiceBlockingStub;
import org.corridorwatch.api.investments.v1.GetDealRequest;
import org.corridorwatch.api.investments.v1.ListDealStatusHistoryRequest;
import grpc.health.v1.HealthGrpc.HealthBlockingStub;
import grpc.health.v1.HealthOuterClass.HealthCheckRequest;
import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** The operator's view: HTTP health and metrics, gRPC health, and what happens when PostgreSQL goes away. */
@QuarkusTest
class HealthAndMetricsTest {

    @GrpcClient("investments")
    DealServiceBlockingStub deals;

    @GrpcClient("investments")
    HealthBlockingStub health;

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
        deals.createDeal(CreateDealRequest.newBuilder().setDeal(DealFixtures.ml1()).build());
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("grpc_server_processing_duration_seconds"))
                .body(containsString("method=\"CreateDeal\""));
    }

    @Test
    void readinessFollowsTheDatabaseAndNoAcknowledgedWriteIsLost() throws Exception {
        assumeTrue(EmbeddedPostgresResource.isEmbedded(), "needs the embedded database, which it stops");
        Deal written = deals.createDeal(CreateDealRequest.newBuilder().setDeal(DealFixtures.mineralsMou()).build());

        EmbeddedPostgresResource.stopDatabase();
        try {
            given().get("/q/health/ready").then().statusCode(503).body("status", equalTo("DOWN"));
            // gRPC readiness probes see the same: the overall status and the service's own.
            Await.until("overall gRPC health NOT_SERVING", Duration.ofSeconds(30),
                    () -> grpcStatus("") == ServingStatus.NOT_SERVING);
            Await.until("the service's gRPC health NOT_SERVING", Duration.ofSeconds(5),
                    () -> grpcStatus(DealServiceGrpc.SERVICE_NAME) == ServingStatus.NOT_SERVING);
            assertEquals(ServingStatus.SERVING, grpcStatus(GrpcReadiness.LIVENESS));
            // Liveness stays UP: restarting the service would not bring the database back.
            given().get("/q/health/live").then().statusCode(200);
            InvestmentsTestSupport.assertFails(Status.Code.UNAVAILABLE,
                    () -> deals.getDeal(GetDealRequest.newBuilder().setName(written.getName()).build()));
            InvestmentsTestSupport.assertFails(Status.Code.UNAVAILABLE,
                    () -> deals.createDeal(CreateDealRequest.newBuilder().setDeal(DealFixtures.ml1()).build()));
        } finally {
            EmbeddedPostgresResource.startDatabase();
        }

        Await.until("readiness UP again", Duration.ofSeconds(30),
                () -> given().get("/q/health/ready").statusCode() == 200);
        Await.until("overall gRPC health SERVING again", Duration.ofSeconds(30),
                () -> grpcStatus("") == ServingStatus.SERVING);
        assertEquals(written, deals.getDeal(GetDealRequest.newBuilder().setName(written.getName()).build()));
        assertEquals(1, deals.listDealStatusHistory(ListDealStatusHistoryRequest.newBuilder()
                .setName(written.getName()).build()).getTransitionsCount());
    }

    private ServingStatus grpcStatus(String service) {
        return health.check(HealthCheckRequest.newBuilder().setService(service).build()).getStatus();
    }
}
