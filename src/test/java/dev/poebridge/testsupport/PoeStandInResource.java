package dev.poebridge.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts {@link PoeStandIn} before Quarkus and points {@code poe.base-url} at it. Inject it with
 * {@link InjectPoeStandIn}.
 */
public class PoeStandInResource implements QuarkusTestResourceLifecycleManager {

    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.FIELD)
    public @interface InjectPoeStandIn {
    }

    private PoeStandIn standIn;

    @Override
    public Map<String, String> start() {
        standIn = new PoeStandIn();
        standIn.start();
        return standIn.config();
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(standIn, new TestInjector.AnnotatedAndMatchesType(InjectPoeStandIn.class, PoeStandIn.class));
    }

    @Override
    public void stop() {
        if (standIn != null) {
            standIn.stop();
        }
    }
}
