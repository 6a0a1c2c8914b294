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

    /**
     * The fakes to serve, by the name of the app's gRPC client that calls them
     * ({@code quarkus.grpc.clients.<name>}).
     */
    protected abstract Map<String, FakeBatchGetService> fakesByClient();

    @Override
    public synchronized Map<String, String> start() {
        Map<String, String> clientConfig = new HashMap<>();
        fakesByClient().forEach((client, fake) -> {
            Server server = serve(fake);
            servers.add(server);
            // In test mode a Quarkus client dials its test-port, not its port.
            clientConfig.put("quarkus.grpc.clients." + client + ".host", LOOPBACK.getHostAddress());
            clientConfig.put("quarkus.grpc.clients." + client + ".test-port", Integer.toString(server.getPort()));
        });
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

    private static Server serve(FakeBatchGetService fake) {
        try {
            // Port 0: the system picks a free port as it binds, so no other process can take it meanwhile.
            return NettyServerBuilder.forAddress(new InetSocketAddress(LOOPBACK, 0)).addService(fake.definition())
                    .build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start a fake gRPC service", e);
        }
    }
}
