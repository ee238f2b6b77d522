package dev.poebridge.playground;

import java.util.List;

import dev.poebridge.testsupport.PlaygroundPoe;
import io.quarkus.test.junit.QuarkusTestProfile;

/** The bridge, with its usual deadlines, against {@link PlaygroundPoe}: bots whose pace the test sets. */
public class PlaygroundProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(PlaygroundPoe.class));
    }
}
