package org.corridorwatch.support.health;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready}'s view of {@link GrpcReadiness}: a probe made when asked, through the
 * same probe and thread as the periodic ones and published to gRPC health as well, so HTTP and
 * gRPC readiness never disagree. It replaces Quarkus's datasource check (switched off with
 * {@code quarkus.datasource.health.enabled=false}), which borrows a pooled connection and so
 * waits for the pool under load.
 */
@Readiness
@ApplicationScoped
public class DatabaseReadinessCheck implements HealthCheck {

    public static final String NAME = "Database (readiness probe)";

    private final GrpcReadiness readiness;

    public DatabaseReadinessCheck(GrpcReadiness readiness) {
        this.readiness = readiness;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        if (readiness.probeNow()) {
            return response.up().build();
        }
        return response.down().withData("problem", readiness.problem()).build();
    }
}
