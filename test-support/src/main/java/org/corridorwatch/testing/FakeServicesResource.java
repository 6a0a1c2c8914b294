package org.corridorwatch.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The other services an app calls, as {@code @QuarkusTest}s need them: each
 * {@link FakeBatchGetService} of {@link #fakesByClient()} on its own free loopback port, and the
 * app's gRPC client of that name pointed at it. A service's tests subclass it, keep the fakes in
 * static fields (to register names and switch modes from the tests) and register the subclass with
 * {@code @WithTestResource(value = ..., scope = TestResourceScope.GLOBAL)}.
 *
 * <p>The ports are the system's to choose, so two builds can run their tests on one machine at
 * once. The servers live as long as this resource: when Quarkus restarts the app for another test
 * profile it starts the resource again, on new ports, and gives the app the new ones.
 */
public abstract class FakeServicesResource implements QuarkusTestResourceLifecycleManager {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final List<Server> servers = new ArrayList<>();
    private boolean tls;

    /**
     * Under a test profile whose configuration profile includes "tls" (as a deployment runs
     * prod,tls), the fakes serve TLS with {@link SelfSignedCertificate#shared()}, and the app's
     * clients trust it through CORRIDORWATCH_TLS_CA, as a deployment configures them.
     */
    @Override
    public void setContext(Context context) {
        tls = context.testProfile() != null && configProfiles(context.testProfile()).contains("tls");
    }

    private static List<String> configProfiles(String testProfile) {
        try {
            Class<?> type = Class.forName(testProfile, true, Thread.currentThread().getContextClassLoader());
            String profiles = ((QuarkusTestProfile) type.getDeclaredConstructor().newInstance()).getConfigProfile();
            return profiles == null ? List.of() : List.of(profiles.split(","));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot read the config profile of " + testProfile, e);
        }
    }

    /**
     * The fakes to serve, by the name of the app's gRPC client that calls them
     * ({@code quarkus.grpc.clients.<name>}).
     */
    protected abstract Map<String, FakeBatchGetService> fakesByClient();

    @Override
    public synchronized Map<String, String> start() {
        Map<String, String> clientConfig = new HashMap<>();
        fakesByClient().forEach((client, fake) -> {
            Server server = serve(fake, tls);
            servers.add(server);
            // In test mode a Quarkus client dials its test-port, not its port.
            clientConfig.put("quarkus.grpc.clients." + client + ".host", LOOPBACK.getHostAddress());
            clientConfig.put("quarkus.grpc.clients." + client + ".test-port", Integer.toString(server.getPort()));
        });
        if (tls) {
            clientConfig.put("CORRIDORWATCH_TLS_CA", SelfSignedCertificate.shared().certificate().toString());
        }
        return clientConfig;
    }

    @Override
    public synchronized void stop() {
        servers.forEach(Server::shutdownNow);
        try {
            for (Server server : servers) {
                server.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            servers.clear();
        }
    }

    private static Server serve(FakeBatchGetService fake, boolean tls) {
        try {
            // Port 0: the system picks a free port as it binds, so no other process can take it meanwhile.
            NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, 0));
            if (tls) {
                SelfSignedCertificate certificate = SelfSignedCertificate.shared();
                builder.useTransportSecurity(certificate.certificate().toFile(), certificate.privateKey().toFile());
            }
            return builder.addService(fake.definition()).build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start a fake gRPC service", e);
        }
    }
}
