package com.intellipost.sample.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/** Everything no other context claims. */
public final class NotFoundHandler implements HttpHandler {

    @Override
    public void handle(HttpExchange exchange) {
        throw new HttpStatusException(404, "No resource at " + exchange.getRequestURI().getPath()
                + "; the API has GET /health, GET and POST /api/posts, GET /api/posts/{id}");
    }
}
