package org.corridorwatch.benchmark;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

import org.corridorwatch.api.incidents.v1.GetIncidentRequest;
import org.corridorwatch.api.incidents.v1.Incident;
import org.corridorwatch.api.incidents.v1.IncidentServiceGrpc;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

/**
 * The floor under GetIncident on this machine: a plain grpc-java server (Netty, HTTP/2, the
 * default executor; no Quarkus, Vert.x, token, transaction or mapping) that answers each call with
 * the JDBC baseline's one statement on a pooled connection. Its answer carries the row's columns
 * as text in one field, so about as many bytes cross the socket as in the service's Incident.
 * Whatever this reaches against plain JDBC, in the same run on the same cores, is the most any
 * Java gRPC service doing the same database work could reach here: it bounds the 0.6x goal.
 */
final class PlainGrpcGet implements AutoCloseable {

    private final Server server;
    private final BlockingQueue<Connection> pool;

    PlainGrpcGet(int port, String sql, int connections, Supplier<Connection> connect) throws IOException {
        pool = new ArrayBlockingQueue<>(connections);
        for (int i = 0; i < connections; i++) {
            pool.add(connect.get());
        }
        server = NettyServerBuilder.forPort(port).addService(new IncidentServiceGrpc.IncidentServiceImplBase() {
            @Override
            public void getIncident(GetIncidentRequest request, StreamObserver<Incident> response) {
                try {
                    response.onNext(read(sql, request.getName().substring("incidents/".length())));
                    response.onCompleted();
                } catch (SQLException | InterruptedException e) {
                    response.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
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
    public void close() throws SQLException {
        server.shutdownNow();
        for (Connection connection : pool) {
            connection.close();
        }
    }
}
