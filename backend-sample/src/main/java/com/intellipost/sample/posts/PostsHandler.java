package com.intellipost.sample.posts;

import com.intellipost.sample.http.BadRequestException;
import com.intellipost.sample.http.Exchanges;
import com.intellipost.sample.http.FieldError;
import com.intellipost.sample.http.HttpStatusException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/posts}: {@code GET} lists the newest posts ({@code ?limit=1..100}, default 20), {@code POST} stores
 * one (201 with the post and a {@code Location} header); {@code /api/posts/{id}}: {@code GET} one post, 404 when
 * there is none.
 */
public final class PostsHandler implements HttpHandler {

    public static final String PATH = "/api/posts";
    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;

    private final PostRepository posts;

    public PostsHandler(PostRepository posts) {
        this.posts = posts;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (path.equals(PATH) || path.equals(PATH + "/")) {
            switch (method) {
                case "GET" -> Exchanges.send(exchange, 200, Map.of("posts", posts.list(limit(exchange))));
                case "POST" -> {
                    NewPost input = PostInput.parse(Exchanges.readJsonBody(exchange));
                    Post created = posts.create(input);
                    exchange.getResponseHeaders().set("Location", PATH + "/" + created.id());
                    Exchanges.send(exchange, 201, created);
                }
                default -> Exchanges.methodNotAllowed(exchange, "GET", "POST");
            }
        } else if (path.startsWith(PATH + "/") && path.indexOf('/', PATH.length() + 1) < 0) {
            if (!method.equals("GET")) {
                Exchanges.methodNotAllowed(exchange, "GET");
                return;
            }
            long id = id(path.substring(PATH.length() + 1));
            Post post = posts.find(id).orElseThrow(() -> new HttpStatusException(404, "No post with id " + id));
            Exchanges.send(exchange, 200, post);
        } else {
            throw new HttpStatusException(404, "No resource at " + path);
        }
    }

    private static long id(String segment) {
        try {
            long id = Long.parseLong(segment);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new BadRequestException("Post id must be a positive whole number, got '" + segment + "'",
                List.of(new FieldError("id", "must be a positive whole number")));
    }

    private static int limit(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        if (query == null) {
            return DEFAULT_LIMIT;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("limit=")) {
                String value = pair.substring("limit=".length());
                try {
                    int limit = Integer.parseInt(value);
                    if (limit >= 1 && limit <= MAX_LIMIT) {
                        return limit;
                    }
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                throw new BadRequestException("limit must be a whole number from 1 to " + MAX_LIMIT + ", got '"
                        + value + "'", List.of(new FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT)));
            }
        }
        return DEFAULT_LIMIT;
    }
}
