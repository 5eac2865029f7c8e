package com.intellipost.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.intellipost.sample.http.BadRequestException;
import com.intellipost.sample.http.FieldError;
import com.intellipost.sample.posts.NewPost;
import com.intellipost.sample.posts.PostInput;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rules for the body of POST /api/posts, without a server. */
class PostInputTest {

    private static NewPost parse(String json) {
        return PostInput.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static BadRequestException rejected(String json) {
        return assertThrows(BadRequestException.class, () -> parse(json));
    }

    @Test
    void acceptsAMinimalPostAndNormalisesIt() {
        NewPost post = parse("{\"title\": \" Hello \", \"content\": \"  body stays as written \", \"summary\": null,"
                + " \"tags\": [\" a \", \"b\", \"a\"]}");
        assertEquals("Hello", post.title());
        assertEquals("  body stays as written ", post.content());
        assertEquals(Optional.empty(), post.summary());
        assertEquals(List.of("a", "b"), post.tags());
    }

    @Test
    void lengthsCountCharactersNotUtf16Units() {
        String emoji = "\uD83D\uDE00".repeat(200); // 200 characters, 400 UTF-16 units, like varchar(200) counts
        assertEquals(emoji, parse("{\"title\": \"" + emoji + "\", \"content\": \"c\"}").title());
        BadRequestException e = rejected("{\"title\": \"" + emoji + "x\", \"content\": \"c\"}");
        assertEquals(List.of(new FieldError("title", "is too long: 201 characters, at most 200 allowed")), e.errors());
        rejected("{\"title\": \"t\", \"content\": \"" + "c".repeat(PostInput.CONTENT_MAX + 1) + "\"}");
        parse("{\"title\": \"t\", \"content\": \"" + "c".repeat(PostInput.CONTENT_MAX) + "\"}");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        BadRequestException e = rejected("{\"title\": true, \"content\": \"\\u0000\", \"summary\": \" \","
                + " \"tags\": [\"ok\", {}, \"" + "t".repeat(51) + "\"], \"extra\": 1}");
        assertEquals(List.of(
                new FieldError("extra", "is not a known field; a post has title, content, summary and tags"),
                new FieldError("title", "must be a string, got a boolean"),
                new FieldError("content", "must not contain NUL (\\u0000) characters"),
                new FieldError("summary", "must not be blank"),
                new FieldError("tags[1]", "must be a string, got an object"),
                new FieldError("tags[2]", "is too long: 51 characters, at most 50 allowed")), e.errors());
        assertEquals("Invalid post: extra is not a known field; a post has title, content, summary and tags;"
                + " title must be a string, got a boolean; content must not contain NUL (\\u0000) characters;"
                + " summary must not be blank; tags[1] must be a string, got an object;"
                + " tags[2] is too long: 51 characters, at most 50 allowed", e.getMessage());
    }

    @Test
    void malformedOrWrongShapedBodies() {
        assertEquals("Malformed JSON at line 1, column 2: Unexpected end-of-input: expected close marker for Object"
                + " (start marker at line 1, column 1)", rejected("{").getMessage());
        assertEquals("Malformed JSON at line 1, column 32: Trailing token (of type START_OBJECT) found after value"
                + " (bound as `com.fasterxml.jackson.databind.JsonNode`): not allowed as per"
                + " `DeserializationFeature.FAIL_ON_TRAILING_TOKENS`",
                rejected("{\"title\": \"t\", \"content\": \"c\"} {}").getMessage());
        assertEquals("The request body is empty; send a JSON object with title and content", rejected(" \n").getMessage());
        assertEquals("The body must be a JSON object such as {\"title\": \"...\", \"content\": \"...\"}, got a string",
                rejected("\"post\"").getMessage());
        assertEquals("Invalid post: tags has 11 entries, at most 10 allowed",
                rejected("{\"title\": \"t\", \"content\": \"c\", \"tags\": [" + "\"x\",".repeat(10) + "\"y\"]}").getMessage());
    }
}
