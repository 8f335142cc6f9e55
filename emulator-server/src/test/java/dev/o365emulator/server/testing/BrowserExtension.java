package dev.o365emulator.server.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Debian {@code chromium} driven through {@code chromedriver} (Selenium WebDriver), one per
 * test class, with a 1280×800 viewport and a fresh profile. When a test fails, a screenshot and the page's HTML are
 * saved under {@code target/browser-failures/}.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final BrowserExtension browser = new BrowserExtension();
 *
 * @Test
 * void showsTheMailPage() {
 *     browser.driver().get(consoleUrl + "#/mail");
 * }
 * }</pre>
 *
 * <p>Without chromium or chromedriver (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs) the class's tests are skipped with a message saying so. The paths can be
 * changed with {@code -Dbrowser.chromium=…} and {@code -Dbrowser.chromedriver=…}.
 */
public final class BrowserExtension implements BeforeAllCallback, AfterAllCallback, AfterTestExecutionCallback {

    /** Where failing tests leave their screenshot and page source. */
    public static final Path FAILURES = Path.of("target", "browser-failures");
    /** The window every test sees: the smallest screen the console is made for. */
    public static final int WIDTH = 1280;
    public static final int HEIGHT = 800;

    private WebDriver driver;
    private ChromeDriverService service;
    private Path profile;

    /** The browser; valid from {@code @BeforeAll} on. */
    public WebDriver driver() {
        if (driver == null) {
            throw new IllegalStateException("the browser starts before the class's tests");
        }
        return driver;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        Optional<Path> chromium = find(System.getProperty("browser.chromium"), "chromium", "/usr/bin/chromium");
        Optional<Path> chromedriver = find(System.getProperty("browser.chromedriver"), "chromedriver",
                "/usr/bin/chromedriver");
        Assumptions.assumeTrue(chromium.isPresent() && chromedriver.isPresent(),
                "chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver;"
                        + " .ci/run installs them): the browser tests are skipped");
        profile = Files.createTempDirectory("o365-console-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--disable-default-apps", "--mute-audio",
                "--window-size=" + WIDTH + "," + HEIGHT, "--user-data-dir=" + profile.toAbsolutePath(),
                "--lang=en-US");
        service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.get().toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20)).scriptTimeout(Duration.ofSeconds(10));
        viewport(WIDTH, HEIGHT);
    }

    /** Makes the page's viewport (not the window, which adds the browser's own bars) this size. */
    private void viewport(int width, int height) {
        driver.get("about:blank");
        JavascriptExecutor js = (JavascriptExecutor) driver;
        long innerWidth = ((Number) js.executeScript("return window.innerWidth")).longValue();
        long innerHeight = ((Number) js.executeScript("return window.innerHeight")).longValue();
        Dimension outer = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension((int) (outer.getWidth() + width - innerWidth),
                (int) (outer.getHeight() + height - innerHeight)));
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        if (context.getExecutionException().isEmpty() || driver == null) {
            return;
        }
        String name = context.getRequiredTestClass().getSimpleName() + "-" + context.getRequiredTestMethod().getName();
        try {
            Files.createDirectories(FAILURES);
            byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
            Files.write(FAILURES.resolve(name + ".png"), png);
            Files.writeString(FAILURES.resolve(name + ".html"), driver.getPageSource(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            // The test's own failure is what matters; say why its screenshot is missing.
            System.err.println("BrowserExtension: no screenshot of " + name + ": " + e);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            driver = null;
            if (service != null) {
                service.stop();
            }
            deleteProfile();
        }
    }

    /** Saves a screenshot of what the browser shows now, as PNG. */
    public void screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, ((TakesScreenshot) driver()).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteProfile() {
        if (profile == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }

    /** The program at {@code configured}, else on the PATH, else at {@code fallback}. */
    private static Optional<Path> find(String configured, String program, String fallback) {
        if (configured != null) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (!dir.isEmpty() && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        Path p = Path.of(fallback);
        return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }
}
