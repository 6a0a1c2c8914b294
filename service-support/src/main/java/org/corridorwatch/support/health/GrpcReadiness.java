package org.corridorwatch.support.health;

import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.quarkus.grpc.runtime.health.GrpcHealthCheck;
import io.quarkus.grpc.runtime.health.GrpcHealthStorage;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;

/**
 * Makes {@code grpc.health.v1.Health} tell what {@code /q/health/ready} tells. Quarkus reports
 * SERVING over gRPC as soon as the server starts and never changes it, so a gRPC readiness probe
 * would keep sending calls to a service whose database is gone. This polls the readiness checks
 * (the datasource's among them) and sets the overall status ("") and every service's status to
 * SERVING or NOT_SERVING. Quarkus's own gRPC readiness check is left out: it reads the statuses
 * set here, and counting it would keep a service NOT_SERVING forever once it was.
 *
 * <p>The service name {@value #LIVENESS} always answers SERVING while the process runs: liveness
 * probes ask for it, because restarting a service does not bring its database back.
 */
@ApplicationScoped
public class GrpcReadiness {

    /** The gRPC health service name for liveness probes. */
    public static final String LIVENESS = "liveness";

    private final GrpcHealthStorage storage;
    private final Instance<HealthCheck> readinessChecks;
    private final Vertx vertx;
    private final long periodMillis;
    private final AtomicBoolean checking = new AtomicBoolean();

    public GrpcReadiness(GrpcHealthStorage storage, @Any @Readiness Instance<HealthCheck> readinessChecks, Vertx vertx,
            @ConfigProperty(name = "corridorwatch.health.grpc-poll-millis", defaultValue = "1000") long periodMillis) {
        this.storage = storage;
        this.readinessChecks = readinessChecks;
        this.vertx = vertx;
        this.periodMillis = periodMillis;
    }

    void start(@Observes StartupEvent event) {
        storage.setStatus(LIVENESS, ServingStatus.SERVING);
        refresh();
        // The checks open a database connection: run them off the event loop, and skip a tick while
        // the previous check still waits on an unreachable database instead of queueing them up.
        vertx.setPeriodic(periodMillis, timer -> {
            if (checking.compareAndSet(false, true)) {
                vertx.executeBlocking(() -> {
                    try {
                        refresh();
                    } finally {
                        checking.set(false);
                    }
                    return null;
                }, false);
            }
        });
    }

    /** Sets every service's status (but liveness) from the readiness checks. */
    void refresh() {
        ServingStatus status = isReady() ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
        for (String service : Set.copyOf(storage.getStatuses().keySet())) {
            if (!service.equals(LIVENESS)) {
                storage.setStatus(service, status);
            }
        }
        storage.setStatus(GrpcHealthStorage.DEFAULT_SERVICE_NAME, status);
    }

    private boolean isReady() {
        for (HealthCheck check : readinessChecks) {
            if (!(check instanceof GrpcHealthCheck) && check.call().getStatus() == HealthCheckResponse.Status.DOWN) {
                return false;
            }
        }
        return true;
    }
}
