package dev.settle.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The machine's Chromium (Debian's {@code chromium} and {@code chromium-driver}, which .ci/run
 * installs), headless, driven by Selenium with the driver and browser paths given, so nothing is
 * downloaded. Takes screenshots into {@code target/dashboard-screenshots} and runs the vendored
 * axe-core on a page.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/dashboard-screenshots");
    private static final String AXE = axeSource();

    final ChromeDriver driver;
    private final String baseUrl;

    /** Whether the machine has Debian's Chromium and its driver (a fresh machine may not: .ci/run installs them). */
    static boolean installed() {
        return java.nio.file.Files.isExecutable(CHROMIUM) && java.nio.file.Files.isExecutable(CHROMEDRIVER);
    }

    Browser(String baseUrl) {
        assertThat(CHROMIUM).as("Chromium (apt-get install chromium chromium-driver; .ci/run does)").exists();
        assertThat(CHROMEDRIVER).as("chromedriver (apt-get install chromium-driver)").exists();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,900",
                "--disable-extensions", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        this.driver = new ChromeDriver(service, options);
        this.baseUrl = baseUrl;
    }

    void open(String path) {
        driver.get(baseUrl + path);
    }

    <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(15)).until(condition);
    }

    String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    boolean has(String css) {
        return !driver.findElements(By.cssSelector(css)).isEmpty();
    }

    void width(int px) {
        driver.manage().window().setSize(new Dimension(px, 900));
    }

    void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** axe-core's serious and critical violations on the current page, as "rule: target" lines. */
    List<String> seriousAccessibilityViolations() {
        JavascriptExecutor js = driver;
        js.executeScript(AXE);
        Object result = js.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)), e => done('error ' + e));
                """);
        String json = String.valueOf(result);
        assertThat(json).as("axe ran").doesNotStartWith("error");
        JsonNode violations = JsonMapper.builder().build().readTree(json);
        return violations.valueStream()
                .filter(v -> List.of("serious", "critical").contains(v.path("impact").asString()))
                .map(v -> v.path("id").asString() + ": " + v.path("nodes").valueStream().map(n -> n.path("target").toString()).toList()
                        + " " + v.path("help").asString())
                .toList();
    }

    /** A screenshot and the axe check, for every page the flows visit. */
    void checkPage(String name) {
        screenshot(name);
        assertThat(seriousAccessibilityViolations()).as("axe-core serious/critical violations on " + name).isEmpty();
    }

    Map<String, String> cookies() {
        return driver.manage().getCookies().stream().collect(java.util.stream.Collectors.toMap(c -> c.getName(), c -> c.getValue()));
    }

    private static String axeSource() {
        try (InputStream in = Browser.class.getResourceAsStream("axe.min.js")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
