package com.intellipost.sample.posts;

import java.util.List;

/**
 * A stored post as the API returns it.
 *
 * @param createdAt ISO-8601 instant in UTC, e.g. {@code 2026-11-24T10:15:30.123456Z}
 */
public record Post(long id, String title, String content, String summary, List<String> tags, String createdAt) {
}
