package com.intellipost.migrator.schema;

/**
 * One object of a schema snapshot: its kind ({@code table}, {@code column}, {@code index}, {@code function},
 * {@code comment on table}...), its qualified name ({@code public.acct}, {@code public.acct.email},
 * {@code public.acct_count()}) and its definition as PostgreSQL prints it.
 */
public record SchemaObject(String kind, String name, String definition) {

    /** {@code kind name}, e.g. {@code index public.manual_idx}: how reports name the object. */
    public String label() {
        return kind + " " + name;
    }
}
