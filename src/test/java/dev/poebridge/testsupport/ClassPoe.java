package dev.poebridge.testsupport;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One Poe stand-in for a whole test class that starts packaged bridges of its own:
 * {@code @RegisterExtension static final ClassPoe poe = new ClassPoe();}, then {@code poe.get()}.
 */
public final class ClassPoe implements BeforeAllCallback, AfterAllCallback {

    private PoeStandIn standIn;

    @Override
    public void beforeAll(ExtensionContext context) {
        standIn = PoeStandIn.started();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        standIn.close();
    }

    public PoeStandIn get() {
        return standIn;
    }
}
