package org.corridorwatch.benchmark;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.MethodDescriptor;

/**
 * Calls spread round-robin over several channels, each its own HTTP/2 connection. One connection is
 * read and written by a single event-loop thread at each end (the client's Netty worker and the
 * service's Vert.x event loop), so 32 calls in flight on one connection measure that one thread,
 * which a machine busy with other work starves, rather than the service; the JDBC baseline has a
 * connection per call in flight.
 */
final class SpreadChannel extends Channel {

    private final List<? extends Channel> channels;
    private final AtomicInteger next = new AtomicInteger();

    SpreadChannel(List<? extends Channel> channels) {
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("at least one channel");
        }
        this.channels = List.copyOf(channels);
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> newCall(MethodDescriptor<ReqT, RespT> method,
            CallOptions callOptions) {
        return channels.get(Math.floorMod(next.getAndIncrement(), channels.size())).newCall(method, callOptions);
    }

    @Override
    public String authority() {
        return channels.get(0).authority();
    }
}
