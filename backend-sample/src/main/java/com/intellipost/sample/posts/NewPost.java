package com.intellipost.sample.posts;

import java.util.List;
import java.util.Optional;

/** A validated post to store: see {@link PostInput} for the rules. */
public record NewPost(String title, String content, Optional<String> summary, List<String> tags) {
}
