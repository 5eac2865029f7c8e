package com.intellipost.sample.http;

import java.util.List;

/** The request cannot be served as sent; answered with 400 and a JSON body that says what is wrong. */
public final class BadRequestException extends RuntimeException {

    private final List<FieldError> errors;

    public BadRequestException(String message) {
        this(message, List.of());
    }

    public BadRequestException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
