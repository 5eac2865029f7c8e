package com.intellipost.migrator.spring;

import com.intellipost.migrator.Migrator;
import com.intellipost.migrator.command.InfoResult;
import com.intellipost.migrator.command.RevisionInfo;
import java.util.List;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/** The actuator endpoint {@code intellipost}: what {@code info} says, every revision with its state. */
@Endpoint(id = "intellipost")
public class IntelliPostEndpoint {

    private final Migrator migrator;

    public IntelliPostEndpoint(Migrator migrator) {
        this.migrator = migrator;
    }

    @ReadOperation
    public Migrations info() {
        InfoResult info = migrator.info();
        return new Migrations(migrator.configuration().environment().id(), info.heads(), info.currentRevisions(),
                info.revisions().stream().map(Revision::of).toList());
    }

    /** The endpoint's answer. */
    public record Migrations(String environment, List<String> heads, List<String> currentRevisions,
                             List<Revision> revisions) {
    }

    /**
     * One revision: {@code state} as {@code info} prints it (applied, pending, failed, missing file, checksum
     * mismatch); {@code appliedAt} (ISO-8601) and {@code executionMs} are null when it is not applied.
     */
    public record Revision(String revision, List<String> downRevisions, String message, String script, String state,
                           String appliedAt, Long executionMs) {

        static Revision of(RevisionInfo r) {
            return new Revision(r.revision(), r.downRevisions(), r.message(), r.script(), r.state().label(),
                    r.appliedAt().map(Object::toString).orElse(null), r.executionMs().orElse(null));
        }
    }
}
