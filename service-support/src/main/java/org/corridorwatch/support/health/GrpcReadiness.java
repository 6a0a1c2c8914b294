package org.corridorwatch.support.health;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import grpc.health.v1.HealthOuterClass.HealthCheckResponse.ServingStatus;
import io.agroal.api.AgroalDataSource;
import io.quarkus.grpc.runtime.health.GrpcHealthCheck;
import io.quarkus.grpc.runtime.health.GrpcHealthStorage;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The one readiness of a service, told the same way over gRPC ({@code grpc.health.v1.Health}) and
 * HTTP ({@code /q/health/ready}, through {@link DatabaseReadinessCheck}, which probes on demand
 * through the same thread and publishes to gRPC too). Every service runs it with the same
 * settings; none has a readiness check of its own.
 *
 * <p>Ready means the database answers (a {@link DatabaseProbe} on a connection outside the pool)
 * and every other readiness check is UP. It is probed every
 * {@code corridorwatch.health.probe-interval} (1 s) on two threads of its own, never on the worker
 * threads that serve requests, so a service under load notices a database restart as fast as an
 * idle one. A probe that has not answered within {@code corridorwatch.health.probe-timeout} (2 s)
 * counts as not ready; the next tick waits for it rather than starting another.
 *
 * <p>Quarkus reports SERVING over gRPC once the server starts and never changes it; this sets the
 * overall status ("") and every service's status to SERVING or NOT_SERVING after each probe.
 * Quarkus's own gRPC readiness check is left out: it reads the statuses set here. The service name
 * {@value #LIVENESS} always answers SERVING while the process runs: liveness probes ask for it,
 * because restarting a service does not bring its database back.
 *
 * <p>When the database answers again after an outage, the pool's idle connections (which the
 * database closed when it went away) are validated and the dead ones dropped, so requests after the
 * recovery do not fail on them.
 */
@ApplicationScoped
public class GrpcReadiness {

    /** The gRPC health service name for liveness probes. */
    public static final String LIVENESS = "liveness";

    private static final Logger LOG = Logger.getLogger(GrpcReadiness.class);

    private final GrpcHealthStorage storage;
    private final Instance<HealthCheck> readinessChecks;
    private final Instance<AgroalDataSource> pool;
    private final DatabaseProbe database;
    private final Duration interval;
    private final Duration timeout;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(
            daemon("corridorwatch-readiness"));
    private final ExecutorService prober = Executors.newSingleThreadExecutor(daemon("corridorwatch-readiness-probe"));
    /** The probe under way, if the last tick gave up waiting for it; touched by the ticker thread only. */
    private Future<Boolean> pending;
    /** The last probe's answer; null before the first. */
    private volatile Boolean ready;
    private volatile String problem = "not probed yet";

    public GrpcReadiness(GrpcHealthStorage storage, @Any @Readiness Instance<HealthCheck> readinessChecks,
            @Any Instance<AgroalDataSource> pool,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
            @ConfigProperty(name = "corridorwatch.health.probe-interval", defaultValue = "1s") Duration interval,
            @ConfigProperty(name = "corridorwatch.health.probe-timeout", defaultValue = "2s") Duration timeout) {
        this.storage = storage;
        this.readinessChecks = readinessChecks;
        this.pool = pool;
        this.database = new DatabaseProbe(jdbcUrl, username, password, timeout);
        this.interval = interval;
        this.timeout = timeout;
    }

    void start(@Observes StartupEvent event) {
        storage.setStatus(LIVENESS, ServingStatus.SERVING);
        // The first answer is there before the first call can ask; the database was just migrated.
        publish(probe());
        ticker.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        ticker.shutdownNow();
        prober.submit(database::close);
        prober.shutdown();
    }

    /** Whether the service is ready, as of the last probe. */
    public boolean isReady() {
        return Boolean.TRUE.equals(ready);
    }

    /**
     * Probes now, on the readiness thread (after a tick under way, never beside it), publishes the
     * answer to gRPC too, and returns it: what {@code /q/health/ready} asks, so an HTTP probe gets
     * the state of the database at the time it asks. Takes at most about the probe timeout.
     */
    public boolean probeNow() {
        try {
            ticker.submit(this::tick).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | RejectedExecutionException e) {
            // Shutting down, or the tick failed (it logs that): the last answer stands.
        }
        return isReady();
    }

    /** Why it is not ready, for operators; empty when it is. */
    public String problem() {
        return problem;
    }

    private void tick() {
        try {
            if (pending == null) {
                pending = prober.submit(this::probe);
            }
            boolean nowReady;
            try {
                nowReady = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                pending = null;
            } catch (TimeoutException e) {
                nowReady = false;
                problem = "the database did not answer within " + timeout.toMillis() + " ms";
            } catch (ExecutionException e) {
                nowReady = false;
                pending = null;
                problem = String.valueOf(e.getCause());
            }
            publish(nowReady);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A scheduled task that throws is never run again: report and go on probing.
            LOG.warn("Readiness probe failed", e);
        }
    }

    private boolean probe() {
        if (!database.reachable()) {
            problem = database.lastProblem();
            return false;
        }
        for (HealthCheck check : readinessChecks) {
            if (check instanceof GrpcHealthCheck || check instanceof DatabaseReadinessCheck) {
                continue; // they tell what this class decides
            }
            HealthCheckResponse response = check.call();
            if (response.getStatus() == HealthCheckResponse.Status.DOWN) {
                problem = response.getName() + " is DOWN";
                return false;
            }
        }
        problem = "";
        return true;
    }

    /** Sets every gRPC service's status (but liveness) and the HTTP check's answer. */
    private void publish(boolean nowReady) {
        Boolean wasReady = ready;
        ready = nowReady;
        if (wasReady != null && nowReady != wasReady) {
            if (nowReady) {
                LOG.info("Ready: the database answers");
                pool.forEach(dataSource -> dataSource.flush(AgroalDataSource.FlushMode.INVALID));
            } else {
                LOG.warnf("Not ready: %s", problem);
            }
        }
        ServingStatus status = nowReady ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
        for (String service : Set.copyOf(storage.getStatuses().keySet())) {
            if (!service.equals(LIVENESS)) {
                storage.setStatus(service, status);
            }
        }
        storage.setStatus(GrpcHealthStorage.DEFAULT_SERVICE_NAME, status);
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
