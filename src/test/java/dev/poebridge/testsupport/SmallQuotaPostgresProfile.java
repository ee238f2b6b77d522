package dev.poebridge.testsupport;

import java.util.List;

/** {@link SmallQuotaProfile} on PostgreSQL ({@link PostgresResource}), as {@link PostgresProfile} has it. */
public class SmallQuotaPostgresProfile extends SmallQuotaProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return new PostgresProfile().testResources();
    }
}
