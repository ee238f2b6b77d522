package dev.poebridge.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A JDK HTTP server on 127.0.0.1 for stand-ins that must script the Poe end of a connection byte by byte (silence,
 * floods, held connections), which WireMock cannot: each exchange on its own thread, so a held reply blocks nothing.
 */
public final class LocalHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    /** Starts serving {@code handlers}, by path prefix. */
    public LocalHttpServer(Map<String, HttpHandler> handlers) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(executor);
        handlers.forEach(server::createContext);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
