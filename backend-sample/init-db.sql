-- Database roles for the IntelliPost backend: who may change the schema, and who may only use it.
--
--   intellipost_migrator  owns the schema; runs the migrations (INTELLIPOST_MIGRATION_DATABASE_URL).
--   intellipost_app       the running application (INTELLIPOST_DATABASE_URL): SELECT, INSERT, UPDATE, DELETE on
--                         tables and USAGE on sequences, nothing else. It cannot create, alter or drop anything.
--
-- Run it once, as a superuser, connected to the application's database: the postgres image runs every file in
-- /docker-entrypoint-initdb.d/ against POSTGRES_DB when it initialises an empty volume (see docker-compose.yml);
-- elsewhere: psql -U postgres -d intellipost -f init-db.sql. Running it again changes nothing.
--
-- The passwords below are for local development only. In staging and production create the roles with passwords
-- from your secret store (ALTER ROLE ... PASSWORD ...) and never commit them.
-- This file has no psql meta-commands, so any SQL client can run it (the tests run it through JDBC).

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'intellipost_migrator') THEN
        CREATE ROLE intellipost_migrator LOGIN PASSWORD 'migrator-dev-only';
    END IF;
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'intellipost_app') THEN
        CREATE ROLE intellipost_app LOGIN PASSWORD 'app-dev-only';
    END IF;
END
$$;

-- Both may connect. Only the migration role may create temporary tables (PUBLIC may by default); neither may
-- create schemas (the migrator creates its history schema only when it is missing, and public exists).
DO $$
BEGIN
    EXECUTE format('REVOKE TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
    EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO intellipost_migrator', current_database());
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO intellipost_app', current_database());
END
$$;

-- The migration role owns the schema: it creates the tables (and the migrator's history and audit tables) there.
ALTER SCHEMA public OWNER TO intellipost_migrator;

-- Nobody else creates objects in it. PostgreSQL 15 no longer grants CREATE on public to PUBLIC; older versions do.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO intellipost_app;

-- Data access to what exists already (a database adopted after it was migrated by another user) ...
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO intellipost_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO intellipost_app;

-- ... and to every table and sequence the migration role creates from now on, without a GRANT in each migration.
ALTER DEFAULT PRIVILEGES FOR ROLE intellipost_migrator IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO intellipost_app;
ALTER DEFAULT PRIVILEGES FOR ROLE intellipost_migrator IN SCHEMA public
    GRANT USAGE ON SEQUENCES TO intellipost_app;
