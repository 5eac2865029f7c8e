package com.intellipost.sample.http;

import java.util.List;

/**
 * Every error body: {@code {"status": 400, "error": "Bad Request", "message": "...", "details": [...]}}.
 * {@code details} lists each field problem when there are any.
 */
public record ApiError(int status, String error, String message, List<FieldError> details) {
}
