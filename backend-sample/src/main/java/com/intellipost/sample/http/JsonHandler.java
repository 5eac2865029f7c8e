package com.intellipost.sample.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a handler so that every outcome is a JSON response: {@link BadRequestException} becomes 400,
 * {@link HttpStatusException} its status, anything else a 500 that is logged with its stack trace (and not shown
 * to the client).
 */
public final class JsonHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(JsonHandler.class);

    private final HttpHandler delegate;

    public JsonHandler(HttpHandler delegate) {
        this.delegate = delegate;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                delegate.handle(exchange);
            } catch (BadRequestException e) {
                Exchanges.error(exchange, 400, e.getMessage(), e.errors());
            } catch (HttpStatusException e) {
                Exchanges.error(exchange, e.status(), e.getMessage(), List.of());
            } catch (RuntimeException | IOException e) {
                LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                if (exchange.getResponseCode() == -1) { // nothing sent yet
                    Exchanges.error(exchange, 500, "Internal error; the server log has the details", List.of());
                }
            }
        }
    }
}
