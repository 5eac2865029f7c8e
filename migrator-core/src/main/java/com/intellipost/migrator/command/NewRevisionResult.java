package com.intellipost.migrator.command;

import java.nio.file.Path;
import java.util.List;

/** The revision file {@code new} or {@code merge} wrote. */
public record NewRevisionResult(String revision, List<String> downRevisions, Path file) {
}
