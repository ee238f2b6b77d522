package dev.poebridge.auth;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link GuestLoginTest} against the packaged application (the jar here, the native executable where one is built). */
@QuarkusIntegrationTest
class GuestLoginIT extends GuestLoginTest {
}
