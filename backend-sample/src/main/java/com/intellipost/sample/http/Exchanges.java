package com.intellipost.sample.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Locale;

/** Reading requests and writing JSON responses on a JDK {@link HttpExchange}. */
public final class Exchanges {

    /** Larger bodies are refused with 413 before they are parsed. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private Exchanges() {
    }

    /** Sends {@code body} as JSON with {@code status} and closes the exchange. */
    public static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Sends an {@link ApiError}. */
    public static void error(HttpExchange exchange, int status, String message, List<FieldError> details)
            throws IOException {
        send(exchange, status, new ApiError(status, reason(status), message, details));
    }

    /** 405 with the {@code Allow} header. */
    public static void methodNotAllowed(HttpExchange exchange, String... allowed) throws IOException {
        exchange.getResponseHeaders().set("Allow", String.join(", ", allowed));
        error(exchange, 405, exchange.getRequestMethod() + " is not supported on " + exchange.getRequestURI().getPath()
                + "; use " + String.join(" or ", allowed), List.of());
    }

    /**
     * The request body as bytes. Refuses a declared non-JSON content type (415) and bodies over
     * {@link #MAX_BODY_BYTES} (413) by throwing {@link HttpStatusException}.
     */
    public static byte[] readJsonBody(HttpExchange exchange) throws IOException {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type != null && !type.toLowerCase(Locale.ROOT).contains("json")) {
            throw new HttpStatusException(415, "Content-Type is " + type + "; send the post as application/json");
        }
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new HttpStatusException(413, "Request body is larger than " + MAX_BODY_BYTES + " bytes");
            }
            return body;
        }
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "HTTP " + status;
        };
    }
}
