package org.corridorwatch.benchmark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.corridorwatch.api.incidents.v1.GetIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/**
 * An estimate of the floor under GetIncident on this machine: a minimal grpc-java server (Netty,
 * HTTP/2, the default executor; no Quarkus, Vert.x, token, transaction or mapping) that answers each
 * call with the JDBC baseline's one statement on a pooled connection, and puts the row's columns as
 * text in one field of its answer. It runs in the benchmark's JVM, whose GC and JIT it shares with
 * the load client, so it is not an exact bound; what it reaches against plain JDBC, in the same run
 * on the same cores, is what a Java gRPC service doing the same database work and little else
 * reaches here.
 */
final class PlainGrpcGet implements AutoCloseable {

    private final Server server;
    private final BlockingQueue<Connection> pool;

    PlainGrpcGet(int port, String sql, int connections, Supplier<Connection> connect) throws IOException {
        pool = new ArrayBlockingQueue<>(connections);
        try {
            for (int i = 0; i < connections; i++) {
                pool.add(connect.get());
            }
            server = start(port, sql);
        } catch (IOException | RuntimeException e) {
            closeConnections();
            throw e;
        }
    }

    /** Listens on the loopback address only: it serves rows without checking a token. */
    private Server start(int port, String sql) throws IOException {
        return NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .addService(new IncidentServiceGrpc.IncidentServiceImplBase() {
            @Override
            public void getIncident(GetIncidentRequest request, StreamObserver<Incident> response) {
                try {
                    response.onNext(read(sql, request.getName().substring("incidents/".length())));
                    response.onCompleted();
                } catch (SQLException e) {
                    response.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    response.onError(Status.CANCELLED.withDescription("interrupted").asRuntimeException());
                }
            }
        }).build().start();
    }

    private Incident read(String sql, String id) throws SQLException, InterruptedException {
        Connection connection = pool.take();
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no incident " + id);
                }
                StringBuilder columns = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    columns.append(rs.getString(i)).append('\t');
                }
                return Incident.newBuilder().setName("incidents/" + id).setTitle(rs.getString("title"))
                        .setSummary(columns.toString()).build();
            }
        } finally {
            pool.add(connection);
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdownNow().awaitTermination(30, TimeUnit.SECONDS);
        closeConnections();
    }

    private void closeConnections() {
        for (Connection connection : pool) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // the run is over; nothing to keep
            }
        }
    }
}
