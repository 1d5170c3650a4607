package io.departure.gateway.board;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.departure.gateway.testing.Browser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The departure board at {@code /} in a real browser (headless Chromium), on the embedded
 * simulator: what a traveller sees for a complete departure, a hanging forecast, a watch, a
 * dropped connection, a shared URL and a refused query. Each case leaves a screenshot in
 * target/screenshots.
 */
@QuarkusTest
@TestProfile(DepartureBoardTest.Board.class)
class DepartureBoardTest {

    public static class Board implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Streams are cut after 2 s (as a proxy would) and resumed; a hanging forecast times out once, at 6 s.
            return Map.of("departure.stream.max-connection", "2s", "departure.stream.resume-window", "10s",
                    "departure.stream.forecast.timeout", "6s", "departure.forecast.retry.max-retries", "0");
        }
    }

    static Browser browser;
    static ChromeDriver driver;

    @TestHTTPResource("/")
    URI base;

    final String today = LocalDate.now().toString();

    @BeforeAll
    static void open() {
        browser = Browser.start();
        driver = browser.driver();
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void calm() {
        driver.manage().window().setSize(Browser.DESKTOP);
        chaos("flight", Map.of("latencyMs", 20, "jitterMs", 0, "failureRate", 0, "mode", "normal"));
        chaos("forecast", Map.of("latencyMs", 20, "jitterMs", 0, "failureRate", 0, "mode", "normal"));
        browser.consoleErrors();
    }

    @Test
    void aCompleteDepartureShowsBothCardsAndTwoOverlappingBars() {
        chaos("flight", Map.of("latencyMs", 300));
        chaos("forecast", Map.of("latencyMs", 600));
        driver.get(base.resolve("/?flight=AR1973&date=" + today + "&from=EZE").toString());
        waitForText("#completeness", "Complete", Duration.ofSeconds(10));
        assertThat(text("#flight-card")).contains("AR1973").contains("EZE →").contains("Gate").contains("Scheduled");
        assertThat(text("#forecast-card")).contains("°C").contains("Rain").contains("answered in");
        assertThat(text("#connection")).contains("Done");

        Rectangle flight = bar("flight");
        Rectangle forecast = bar("forecast");
        assertThat(flight.getX()).as("both start at once").isLessThan(forecast.getX() + forecast.getWidth());
        assertThat(forecast.getX()).isLessThan(flight.getX() + flight.getWidth());
        assertThat(forecast.getWidth()).as("the forecast took about twice the flight's time")
                .isGreaterThan(flight.getWidth() * 3 / 2);
        assertThat(browser.consoleErrors()).isEmpty();
        browser.screenshot("complete");

        driver.manage().window().setSize(Browser.PHONE);
        assertThat(driver.findElement(By.cssSelector("#timeline")).getRect().getWidth()).as("fits a phone's width")
                .isLessThanOrEqualTo(Browser.PHONE.getWidth());
        browser.screenshot("complete-phone");
    }

    @Test
    void aHangingForecastShowsATimeoutAndAPartialDeparture() {
        chaos("forecast", Map.of("mode", "hang"));
        // An airport and date of their own: no forecast of an earlier test to fall back on.
        driver.get(base.resolve("/?flight=AR1973&date=2026-03-03&from=COR").toString());
        waitForText("#completeness", "Partial", Duration.ofSeconds(20));
        assertThat(text("#completeness")).contains("forecast timeout");
        assertThat(text("#forecast-card")).contains("timeout").contains("no answer in time from the forecast service");
        assertThat(text("#flight-card")).contains("AR1973");
        assertThat(driver.findElement(By.cssSelector(".row[data-step=forecast] .bar")).getAttribute("class")).contains("failed");
        browser.screenshot("hanging-forecast");
    }

    @Test
    void aWatchShowsItsUpdatesAndItsEnd() {
        // Tomorrow's flight: the simulator plays its progress (boarding, departed) on an accelerated clock.
        driver.get(base.resolve("/?flight=AR1974&date=" + LocalDate.now().plusDays(1) + "&from=EZE&watch=true").toString());
        waitForText("#updates", "Watch ended", Duration.ofSeconds(20));
        browser.screenshot("watch");
        List<WebElement> items = driver.findElements(By.cssSelector("#updates li"));
        assertThat(items.size()).as("updates, then the end").isGreaterThanOrEqualTo(2);
        assertThat(items.get(0).getText()).contains("flight");
        assertThat(items.get(items.size() - 1).getText()).startsWith("Watch ended:");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aDroppedConnectionResumesWithoutAskingAgain() {
        // The stream is cut at 2 s; EventSource reconnects 3 s later with Last-Event-ID; the forecast comes at 4.5 s.
        chaos("forecast", Map.of("latencyMs", 4500));
        driver.get(base.resolve("/?flight=AR1975&date=" + today + "&from=EZE").toString());
        waitForText("#completeness", "Complete", Duration.ofSeconds(20));
        assertThat(driver.findElement(By.cssSelector("#connection")).getAttribute("data-reconnects")).isNotEqualTo("0");
        assertThat(text("#connection")).contains("resumed after 1 dropped connection");
        assertThat(driver.findElements(By.cssSelector(".row[data-step=forecast] .bar"))).as("one forecast call, not two").hasSize(1);
        assertThat(text("#forecast-card")).contains("answered in").doesNotContain("2 attempts");
        browser.screenshot("resumed");
    }

    @Test
    void aPartialDepartureOffersItsRedriveWhichAsksOnlyForTheForecastAgain() {
        chaos("forecast", Map.of("mode", "error"));
        // An airport and date of their own: no forecast of an earlier test to fall back on.
        driver.get(base.resolve("/?flight=AR1977&date=2026-03-04&from=LIM").toString());
        waitForText("#completeness", "Partial", Duration.ofSeconds(10));
        WebElement redrive = driver.findElement(By.cssSelector("#redrive"));
        assertThat(redrive.isDisplayed()).as("a partial departure's redrive is offered").isTrue();
        String flightCard = text("#flight-card");

        chaos("forecast", Map.of("mode", "normal", "latencyMs", 300));
        redrive.click();
        waitForText("#completeness", "Complete", Duration.ofSeconds(10));
        assertThat(text("#forecast-card")).contains("°C").contains("answered in");
        assertThat(text("#flight-card")).as("the flight, ok the first time, as it was").isEqualTo(flightCard);
        assertThat(text("#connection")).contains("after redrive 1");
        assertThat(redrive.isDisplayed()).isFalse();
        String id = driver.findElement(By.cssSelector("#execution a")).getText();
        given().get("/departures/" + id).then().statusCode(200).body("status", org.hamcrest.Matchers.is("SUCCEEDED"))
                .body("redriveCount", org.hamcrest.Matchers.is(1));
        assertThat(browser.consoleErrors()).isEmpty();
        browser.screenshot("redriven");
    }

    @Test
    void theFormPutsTheQueryInTheUrlAndTheUrlStartsTheSameView() {
        driver.get(base.resolve("/").toString());
        assertThat(driver.findElement(By.name("date")).getAttribute("value")).as("today by default").isEqualTo(today);
        driver.findElement(By.name("flight")).sendKeys("ar1976");
        driver.findElement(By.name("from")).sendKeys("eze");
        driver.findElement(By.cssSelector("#query button")).click();
        waitForText("#completeness", "Complete", Duration.ofSeconds(10));
        String shared = driver.getCurrentUrl();
        assertThat(shared).endsWith("/?flight=AR1976&date=" + today + "&from=EZE");

        driver.get(base.resolve("/").toString());
        driver.get(shared);
        waitForText("#completeness", "Complete", Duration.ofSeconds(10));
        assertThat(driver.findElement(By.name("flight")).getAttribute("value")).isEqualTo("AR1976");
        assertThat(text("#flight-card")).contains("AR1976");
        browser.screenshot("shared-url");
    }

    @Test
    void aRefusedQueryIsExplainedFieldByField() {
        driver.get(base.resolve("/?flight=A&date=2026-13-45").toString());
        waitForText("#problem", "Invalid request", Duration.ofSeconds(10));
        assertThat(text("#problem")).contains("Please check the form").contains("flight:").contains("date:");
        browser.screenshot("refused");
    }

    @Test
    void anUnknownFlightIsSaidInWords() {
        chaos("flight", Map.of("mode", "not-found"));
        driver.get(base.resolve("/?flight=ZZ9999&date=" + today).toString());
        waitForText("#problem", "There is no flight ZZ9999 on " + today, Duration.ofSeconds(10));
        browser.screenshot("not-found");
    }

    @Test
    void theSimulatorsControlsChangeItsBehaviour() {
        driver.get(base.resolve("/").toString());
        WebElement controls = driver.findElement(By.cssSelector("#chaos"));
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> controls.isDisplayed());
        controls.findElement(By.tagName("summary")).click();
        WebElement forecast = controls.findElement(By.cssSelector("form[data-backend=forecast]"));
        WebElement latency = forecast.findElement(By.name("latencyMs"));
        latency.clear();
        latency.sendKeys("250");
        forecast.findElement(By.tagName("button")).click();
        new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> forecast.getText().contains("In force: 250 ms"));
        given().get("/sim/chaos/forecast").then().statusCode(200).body("latencyMs", org.hamcrest.Matchers.is(250));
        browser.screenshot("simulator-controls");
    }

    private void chaos(String backend, Map<String, Object> settings) {
        given().contentType(ContentType.JSON).body(settings).put("/sim/chaos/" + backend).then().statusCode(200);
    }

    private String text(String selector) {
        return driver.findElement(By.cssSelector(selector)).getText();
    }

    private Rectangle bar(String step) {
        return driver.findElement(By.cssSelector(".row[data-step=" + step + "] .bar")).getRect();
    }

    private void waitForText(String selector, String text, Duration atMost) {
        new WebDriverWait(driver, atMost).withMessage(() -> selector + " never said \"" + text + "\"; the page shows: "
                + driver.findElement(By.tagName("main")).getText())
                .until(d -> d.findElement(By.cssSelector(selector)).getText().contains(text));
    }
}
