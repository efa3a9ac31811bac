package io.conclave.ui;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven over WebDriver: Debian's chromium and chromedriver, named by path, so nothing is
 * downloaded (Selenium Manager is not asked for a driver or a browser). A fresh profile per browser.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Why the browser tests are skipped on a machine without the two packages. */
    static final String MISSING = "needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
            + "): apt-get install -y chromium chromium-driver (.ci/run installs them)";
    static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots");
    static final Duration WITHIN = Duration.ofSeconds(30);
    /**
     * How often a wait looks again. Selenium's default is half a second, which most waits here paid in full: the
     * page changes a few milliseconds after the first look (an event streamed, a fetch answered), and the suite's
     * browser tests waited 38 times, on the lane that bounds the suite.
     */
    static final Duration POLL = Duration.ofMillis(25);

    private final ChromeDriver driver;
    private final Path profile;
    private final String base;

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    Browser(String base, int width, int height) {
        this.base = base;
        try {
            profile = Files.createTempDirectory("conclave-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // as root in a container: no sandbox; and nothing that reaches out to the network by itself
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + width + "," + height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(WITHIN).scriptTimeout(WITHIN);
    }

    WebDriver driver() {
        return driver;
    }

    void open(String path) {
        driver.get(base + path);
    }

    /**
     * As a fresh browser would be, bar its HTTP cache: no cookie, nothing in the site's storage, the window at
     * {@code width} x {@code height}, on the sign-in page (which follows no event stream). One browser then serves
     * a whole test class: starting Chromium and its driver took about a second a test.
     */
    void reset(int width, int height) {
        open("/login");
        js("localStorage.clear(); sessionStorage.clear();");
        driver.manage().deleteAllCookies();
        size(width, height);
    }

    /** The window at {@code width} x {@code height}: resized only when it is at another size (a resize lays out). */
    private void size(int width, int height) {
        if (!driver.manage().window().getSize().equals(new Dimension(width, height))) {
            resize(width, height);
        }
    }

    /**
     * On the dashboard's icon: a document of the site with no script, so no event stream (about:blank would be another
     * site, and Chromium starts a new renderer process for each way across), the window at {@code width} x
     * {@code height}.
     */
    void blank(int width, int height) {
        open("/dashboard/favicon.svg");
        size(width, height);
    }

    /** Signs in on the dashboard's login page with {@code token}, typed as a person would; its cookie then goes with
     * every page. */
    void signIn(String token) {
        open("/login");
        driver.findElement(By.id("token")).sendKeys(token);
        driver.findElement(By.id("login-button")).click();
        new WebDriverWait(driver, WITHIN, POLL).until(d -> !d.getCurrentUrl().contains("/login"));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits until {@code condition} holds (a non-null, non-false value), re-checking as the page changes. */
    <T> T await(String what, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WITHIN, POLL).withMessage(what).ignoring(RuntimeException.class).until(condition);
    }

    /**
     * The rendered text of the first element matching {@code css}, or "" when there is none. Read in one script
     * call, so a region the page replaces meanwhile cannot leave a stale element behind.
     */
    String text(String css) {
        return (String) js("const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : ''", css);
    }

    /** The rendered texts of every element matching {@code css}, read in one script call. */
    @SuppressWarnings("unchecked")
    List<String> texts(String css) {
        return (List<String>) js("return [...document.querySelectorAll(arguments[0])].map(e => e.innerText.trim())", css);
    }

    /** Waits until the page's script is connected to the event stream, so no event is missed after this. */
    void awaitLive() {
        await("the event stream is live", d -> "live".equals(text("#live")));
    }

    /** The elements sticking out of the window's right edge, outside a part meant to scroll sideways; "" if none. */
    String overflowing() {
        return (String) js("return [...document.querySelectorAll('body *')]"
                + ".filter(e => e.getBoundingClientRect().right > innerWidth + 1 && !e.closest('.scroll'))"
                + ".map(e => e.tagName + '.' + e.className).join(' ')");
    }

    /**
     * Waits until nothing runs off the window's right edge ({@link #overflowing}): charts redraw on the resize
     * event, after the resize returns. Fails naming the elements that still did when the wait ran out.
     */
    void awaitFits(String page) {
        String[] last = {""};
        try {
            await(page + " fits the window", d -> (last[0] = overflowing()).isEmpty());
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("elements of " + page + " that run off the window: " + last[0], e);
        }
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Saves the whole page (the window stretched to the page's height) as target/dashboard-screenshots/NAME.png. */
    Path screenshot(String name) {
        Dimension before = driver.manage().window().getSize();
        long height = ((Number) js("return document.documentElement.scrollHeight")).longValue();
        resize(before.getWidth(), (int) Math.min(Math.max(height + 120, before.getHeight()), 6000));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            resize(before.getWidth(), before.getHeight());
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a profile left in /tmp is harmless
        }
    }
}
