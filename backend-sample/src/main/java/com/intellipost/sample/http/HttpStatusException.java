package com.intellipost.sample.http;

/** Ends a request with a given status and message (404, 413, 415, ...). */
public final class HttpStatusException extends RuntimeException {

    private final int status;

    public HttpStatusException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
