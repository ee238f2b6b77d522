package dev.poebridge.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.sun.security.auth.module.UnixSystem;

/**
 * Debian's {@code chromium}, headless, driven through Debian's {@code chromedriver} at the paths those packages
 * install. Both paths are given to Selenium, so Selenium Manager never looks for (or downloads) a browser or driver:
 * no download works on the build machines. A missing browser fails the test with the command that installs it
 * ({@code scripts/test.sh} runs it when missing) rather than skipping: a skipped browser test would hide that the
 * page went untested.
 * <p>
 * Elements are found by their accessible name as the browser computes it (labels, {@code aria-label}, button text),
 * the way a screen reader finds them, so a test passing means the page is usable that way too. The browser's
 * console is recorded; {@link #consoleErrors()} returns what it logged at error level.
 */
public final class HeadlessChromium implements AutoCloseable {

    /** Where Debian's {@code chromium} package puts its launcher. */
    public static final Path BROWSER = Path.of("/usr/bin/chromium");
    /** Where Debian's {@code chromium-driver} package puts the driver matching that browser. */
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    /** The window the page is shown in. */
    public enum Window {
        /** A laptop's browser window. */
        DESKTOP(1280, 900, false),
        /** A small phone, emulated as a mobile device (so the page's viewport meta tag counts, as on a phone). */
        NARROW(375, 800, true);

        public final int width;
        public final int height;
        final boolean mobile;

        Window(int width, int height, boolean mobile) {
            this.width = width;
            this.height = height;
            this.mobile = mobile;
        }
    }

    private final ChromeDriver driver;
    private final List<String> consoleErrors = new ArrayList<>();

    private HeadlessChromium(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Starts a browser with this window; fails, naming the install command, when chromium is not installed. */
    public static HeadlessChromium start(Window window) {
        for (Path required : List.of(BROWSER, DRIVER)) {
            if (!Files.isExecutable(required)) {
                throw new IllegalStateException(required + " is missing: the playground tests drive Debian's chromium."
                        + " Install it with: apt-get install -y chromium chromium-driver (scripts/test.sh does this when"
                        + " run as root)");
            }
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER.toFile());
        options.addArguments("--headless=new", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + window.width + "," + window.height);
        if (new UnixSystem().getUid() == 0) {
            options.addArguments("--no-sandbox"); // Chromium refuses to run as root with its sandbox (CI runs as root)
        }
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        HeadlessChromium browser = new HeadlessChromium(new ChromeDriver(service, options));
        browser.emulate(window);
        return browser;
    }

    // A headless window's viewport is not exactly its window size, and a phone also differs by honouring the page's
    // viewport meta tag: the DevTools protocol sets both exactly.
    private void emulate(Window window) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", window.width,
                "height", window.height, "deviceScaleFactor", 1, "mobile", window.mobile));
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens this page; {@link #consoleErrors()} from then on holds only what this page logs. */
    public void open(String url) {
        driver.manage().logs().get(LogType.BROWSER);
        consoleErrors.clear();
        driver.get(url);
    }

    /** The one form control (input, select, textarea) whose accessible name is {@code name}. */
    public WebElement field(String name) {
        return named("input, select, textarea", name);
    }

    /** The one button whose accessible name is {@code name}. */
    public WebElement button(String name) {
        return named("button, input[type=button], input[type=submit], [role=button]", name);
    }

    /** The one element with this explicit ARIA role (status, alert, log). */
    public WebElement role(String role) {
        List<WebElement> found = driver.findElements(By.cssSelector("[role='" + role + "']"));
        if (found.size() != 1) {
            throw new AssertionError("expected one element with role=" + role + ", found " + found.size());
        }
        return found.get(0);
    }

    private WebElement named(String candidates, String name) {
        List<WebElement> all = driver.findElements(By.cssSelector(candidates));
        List<WebElement> matching = all.stream().filter(element -> name.equals(accessibleName(element))).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected one of " + candidates + " with the accessible name \"" + name
                    + "\", found " + matching.size() + "; the names there are "
                    + all.stream().map(HeadlessChromium::accessibleName).toList());
        }
        return matching.get(0);
    }

    private static String accessibleName(WebElement element) {
        String name = element.getAccessibleName();
        return name == null ? "" : name.strip();
    }

    /** Clears a text field and types into it, as a user would. */
    public void type(String fieldName, String text) {
        WebElement field = field(fieldName);
        field.clear();
        field.sendKeys(text);
    }

    /** Waits (up to 15 s) until {@code condition} returns something other than null or false, and returns that. */
    public <T> T waitUntil(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE, Duration.ofMillis(50)).withMessage(what).until(condition);
    }

    public Object script(String javascript, Object... arguments) {
        return driver.executeScript(javascript, arguments);
    }

    /**
     * Everything the page opened last logged at error level so far: {@code console.error}, uncaught exceptions and rejections,
     * failed resource loads. Chromedriver hands each entry out once, so they are kept here.
     */
    public List<String> consoleErrors() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                consoleErrors.add(entry.getMessage());
            }
        }
        return List.copyOf(consoleErrors);
    }

    /** Saves what the window shows as a PNG. */
    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
