package dev.poebridge.testsupport;

import java.util.List;

import io.quarkus.test.junit.QuarkusTestProfile;

/** The bridge on PostgreSQL ({@link PostgresResource}) instead of its default SQLite file. */
public class PostgresProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PostgresResource.class));
    }
}
