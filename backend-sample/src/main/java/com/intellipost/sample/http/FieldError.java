package com.intellipost.sample.http;

/** One problem with one field of a request: {@code {"field": "title", "message": "is required"}}. */
public record FieldError(String field, String message) {

    @Override
    public String toString() {
        return field + " " + message;
    }
}
