package com.intellipost.sample.posts;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.intellipost.sample.http.BadRequestException;
import com.intellipost.sample.http.FieldError;
import com.intellipost.sample.http.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns the body of {@code POST /api/posts} into a {@link NewPost}, or a {@link BadRequestException} that lists
 * every problem at once. Rules (lengths in characters, as PostgreSQL counts them):
 * <ul>
 *   <li>{@code title}: required string, not blank, at most {@value #TITLE_MAX} after trimming;</li>
 *   <li>{@code content}: required string, not blank, at most {@value #CONTENT_MAX};</li>
 *   <li>{@code summary}: optional string (or null), not blank, at most {@value #SUMMARY_MAX};</li>
 *   <li>{@code tags}: optional array (or null) of at most {@value #TAGS_MAX} strings, each not blank and at most
 *       {@value #TAG_MAX} after trimming; duplicates are stored once;</li>
 *   <li>no other fields, no NUL characters (PostgreSQL text cannot hold them).</li>
 * </ul>
 */
public final class PostInput {

    public static final int TITLE_MAX = 200;
    public static final int CONTENT_MAX = 20_000;
    public static final int SUMMARY_MAX = 500;
    public static final int TAGS_MAX = 10;
    public static final int TAG_MAX = 50;

    private static final Set<String> FIELDS = Set.of("title", "content", "summary", "tags");

    private PostInput() {
    }

    /** Parses and validates; nothing about the request is trusted before this returns. */
    public static NewPost parse(byte[] body) {
        JsonNode root = readTree(body);
        if (!root.isObject()) {
            throw new BadRequestException("The body must be a JSON object such as {\"title\": \"...\", \"content\": \"...\"},"
                    + " got " + describe(root));
        }
        List<FieldError> errors = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(name, "is not a known field; a post has title, content, summary and tags"));
            }
        }
        String title = requiredText(root, "title", TITLE_MAX, true, errors);
        String content = requiredText(root, "content", CONTENT_MAX, false, errors);
        Optional<String> summary = optionalText(root, "summary", SUMMARY_MAX, errors);
        List<String> tags = tags(root, errors);
        if (!errors.isEmpty()) {
            throw new BadRequestException("Invalid post: " + errors.stream().map(FieldError::toString)
                    .collect(Collectors.joining("; ")), errors);
        }
        return new NewPost(title, content, summary, tags);
    }

    private static JsonNode readTree(byte[] body) {
        if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            throw new BadRequestException("The request body is empty; send a JSON object with title and content");
        }
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw new BadRequestException("The request body is empty; send a JSON object with title and content");
            }
            return root;
        } catch (JacksonException e) {
            JsonLocation where = e.getLocation();
            String at = where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
            throw new BadRequestException("Malformed JSON" + at + ": " + withoutSource(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new BadRequestException("The request body could not be read: " + e.getMessage());
        }
    }

    /** Jackson's "[Source: ...; line: 1, column: 1]" becomes "line 1, column 1". */
    private static String withoutSource(String message) {
        return message == null ? "" : message.replaceAll("\\[Source: [^;]*; line: (\\d+), column: (\\d+)\\]", "line $1, column $2");
    }

    private static String requiredText(JsonNode root, String field, int max, boolean trim, List<FieldError> errors) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            errors.add(new FieldError(field, "is required"));
            return null;
        }
        return text(node, field, max, trim, errors);
    }

    private static Optional<String> optionalText(JsonNode root, String field, int max, List<FieldError> errors) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        return Optional.ofNullable(text(node, field, max, true, errors));
    }

    private static String text(JsonNode node, String field, int max, boolean trim, List<FieldError> errors) {
        if (!node.isTextual()) {
            errors.add(new FieldError(field, "must be a string, got " + describe(node)));
            return null;
        }
        String value = trim ? node.textValue().strip() : node.textValue();
        if (value.isBlank()) {
            errors.add(new FieldError(field, "must not be blank"));
            return null;
        }
        if (value.indexOf('\0') >= 0) {
            errors.add(new FieldError(field, "must not contain NUL (\\u0000) characters"));
            return null;
        }
        int length = value.codePointCount(0, value.length());
        if (length > max) {
            errors.add(new FieldError(field, "is too long: " + length + " characters, at most " + max + " allowed"));
            return null;
        }
        return value;
    }

    private static List<String> tags(JsonNode root, List<FieldError> errors) {
        JsonNode node = root.get("tags");
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            errors.add(new FieldError("tags", "must be an array of strings, got " + describe(node)));
            return List.of();
        }
        if (node.size() > TAGS_MAX) {
            errors.add(new FieldError("tags", "has " + node.size() + " entries, at most " + TAGS_MAX + " allowed"));
            return List.of();
        }
        Set<String> tags = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String tag = text(node.get(i), "tags[" + i + "]", TAG_MAX, true, errors);
            if (tag != null) {
                tags.add(tag);
            }
        }
        return List.copyOf(tags);
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case STRING -> "a string";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
