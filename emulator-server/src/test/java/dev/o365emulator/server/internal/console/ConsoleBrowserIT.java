package dev.o365emulator.server.internal.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.AngusSmtp;
import dev.o365emulator.server.testing.BrowserExtension;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in headless chromium against a running emulator, driven as a person would: mail
 * sent with Angus Mail appears without a reload and its HTML renders in the sandbox, a failed login
 * shows in Sessions with the rule that fired at the line it changed, the Scenario page's switch makes
 * the next submission fail, and a Tenant toggle changes the next login's reply.
 */
class ConsoleBrowserIT {

    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension();

    private static Emulator emulator;
    private static String base;

    @BeforeAll
    static void start() {
        emulator = Emulator.builder().endpoints(Endpoint.SUBMISSION).identity(false).console(true).start();
        base = "http://127.0.0.1:" + emulator.consoleAddress().orElseThrow().getPort();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    @AfterEach
    void reset() {
        emulator.scenario().use("office365");
        emulator.reset();
    }

    private static WebDriver open(String hash) {
        WebDriver d = browser.driver();
        d.get(base + "/" + hash);
        // The event stream is up: what happens from now on reaches the page.
        until(d, ExpectedConditions.textToBe(By.id("live"), "● live"));
        return d;
    }

    private static <T> T until(WebDriver d, java.util.function.Function<WebDriver, T> condition) {
        return new WebDriverWait(d, Duration.ofSeconds(15)).until(condition::apply);
    }

    private static void send(String from, String subject, String html) throws MessagingException {
        Session session = AngusSmtp.session(emulator, Endpoint.SUBMISSION);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setRecipients(Message.RecipientType.TO, DefaultTenant.ALEX);
        message.setSubject(subject);
        message.setContent(html, "text/html; charset=utf-8");
        Transport.send(message, DefaultTenant.ADELE, DefaultTenant.ADELE_PASSWORD);
    }

    @Test
    void mailSentWithAngusAppearsWithoutReloadAndItsHtmlRendersInTheSandbox() throws Exception {
        WebDriver d = open("#/mail/alex@contoso.com/INBOX");
        until(d, ExpectedConditions.textToBePresentInElementLocated(By.id("message-list"), "No messages."));
        ((JavascriptExecutor) d).executeScript("window.sameDocument = true");

        send(DefaultTenant.ADELE, "Quarterly numbers", "<h1 id=\"greeting\">Hello from Angus</h1>"
                + "<script>document.body.textContent = 'a script ran'</script>"
                + "<img id=\"remote\" src=\"http://192.0.2.1/track.png\" alt=\"remote\">");

        WebElement link = until(d, ExpectedConditions.elementToBeClickable(By.xpath(
                "//ul[@id='message-list']//a[.//span[@class='subject' and text()='Quarterly numbers']]")));
        assertThat(((JavascriptExecutor) d).executeScript("return window.sameDocument")).as("no reload").isEqualTo(true);
        link.click();

        WebElement frame = until(d, ExpectedConditions.presenceOfElementLocated(By.id("html-body")));
        // Sandboxed with no permission at all: no scripts, no same origin, no forms, no popups.
        assertThat(frame.getAttribute("sandbox")).isEmpty();
        until(d, ExpectedConditions.frameToBeAvailableAndSwitchToIt(By.id("html-body")));
        try {
            WebElement greeting = until(d, ExpectedConditions.presenceOfElementLocated(By.id("greeting")));
            assertThat(greeting.getText()).isEqualTo("Hello from Angus");
            assertThat(d.findElement(By.tagName("body")).getText()).doesNotContain("a script ran");
        } finally {
            d.switchTo().defaultContent();
        }
        assertThat(d.findElement(By.id("message-subject")).getText()).isEqualTo("Quarterly numbers");
    }

    @Test
    void aFailingLoginAppearsInSessionsWithItsTranscriptAndTheRuleThatFired() throws Exception {
        emulator.scenario().use("bad-credentials");
        WebDriver d = open("#/sessions");
        assertThatThrownBy(() -> send(DefaultTenant.ADELE, "refused", "<p>x</p>"))
                .isInstanceOf(AuthenticationFailedException.class);

        // The session shows up live, marked as an error with the rule that fired.
        WebElement row = until(d, ExpectedConditions.presenceOfElementLocated(By.xpath(
                "//table[@id='session-list']//tr[.//span[contains(@class,'outcome') and text()='error']"
                        + " and .//span[contains(@class,'rule') and text()='logon-failure']]")));
        row.findElement(By.tagName("a")).click();

        WebElement hit = until(d, ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#transcript li.rule-hit[data-rule='logon-failure']")));
        assertThat(hit.getText()).contains("logon-failure");
        WebElement changed = d.findElement(By.cssSelector("#transcript li.changed[data-rule='logon-failure']"));
        assertThat(changed.findElement(By.className("code")).getText()).isEqualTo("535");
        assertThat(changed.getText()).contains("535 5.7.3 Authentication unsuccessful").contains("rule logon-failure");
        assertThat(changed.getAttribute("class")).contains("refused");
        // The client's lines are there too, the password masked.
        List<WebElement> client = d.findElements(By.cssSelector("#transcript li.client"));
        assertThat(client).isNotEmpty();
        assertThat(d.findElement(By.id("transcript")).getText()).doesNotContain(DefaultTenant.ADELE_PASSWORD);
    }

    @Test
    void switchingToSendasDeniedInTheScenarioPageMakesTheNextSubmissionFail() throws Exception {
        send(DefaultTenant.INFO, "allowed", "<p>x</p>");
        WebDriver d = open("#/scenario");
        until(d, ExpectedConditions.presenceOfElementLocated(By.cssSelector("#builtin option[value='sendas-denied']")));
        new Select(d.findElement(By.id("builtin"))).selectByValue("sendas-denied");
        d.findElement(By.id("activate")).click();
        until(d, ExpectedConditions.textToBe(By.id("scenario-name"), "sendas-denied"));
        assertThat(d.findElement(By.id("editor-result")).getText()).contains("Switched to sendas-denied");

        assertThat(emulator.scenario().active().name()).isEqualTo("sendas-denied");
        assertThatThrownBy(() -> send(DefaultTenant.INFO, "denied", "<p>x</p>"))
                .isInstanceOf(MessagingException.class).hasMessageContaining("554 5.2.252 SendAsDenied");
    }

    @Test
    void aMalformedScenarioInTheEditorIsRefusedWithItsLineAndTheRunningOneStays() {
        WebDriver d = open("#/scenario");
        WebElement editor = until(d, ExpectedConditions.presenceOfElementLocated(By.id("scenario-editor")));
        editor.clear();
        editor.sendKeys("name: broken\nrules:\n  - id: x\n    when: {stage: [\n");
        d.findElement(By.id("apply")).click();
        WebElement result = until(d, ExpectedConditions.presenceOfElementLocated(By.cssSelector("#editor-result .error")));
        assertThat(result.getText()).startsWith("Line 4, column");
        assertThat(d.findElement(By.id("scenario-name")).getText()).isEqualTo("office365");
        assertThat(emulator.scenario().active().name()).isEqualTo("office365");
    }

    @Test
    void aTenantToggleChangesTheNextLoginsReply() throws Exception {
        WebDriver d = open("#/tenant");
        WebElement toggle = until(d, ExpectedConditions.elementToBeClickable(By.id("t-smtp-auth")));
        assertThat(toggle.isSelected()).isFalse();
        toggle.click();
        until(d, ExpectedConditions.textToBePresentInElementLocated(By.id("tenant-status"), "takes effect"));
        assertThat(emulator.tenant().settings().smtpClientAuthenticationDisabled()).isTrue();
        assertThatThrownBy(() -> send(DefaultTenant.ADELE, "refused", "<p>x</p>"))
                .isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("5.7.139");

        // Toggled back, with the keyboard this time.
        WebElement again = until(d, ExpectedConditions.elementToBeClickable(By.id("t-smtp-auth")));
        again.sendKeys(Keys.SPACE);
        until(d, driver -> !emulator.tenant().settings().smtpClientAuthenticationDisabled());
        send(DefaultTenant.ADELE, "allowed again", "<p>x</p>");
    }

    @Test
    void thePagesAreReachedWithTheKeyboard() {
        WebDriver d = open("#/sessions");
        // A click on the (unfocusable) brand puts the focus there; Tab goes on through the pages in order.
        new Actions(d).click(d.findElement(By.className("brand"))).sendKeys(Keys.TAB).perform();
        assertThat(d.switchTo().activeElement().getText()).isEqualTo("Sessions");
        // Before the pages comes the skip link, the first stop of the page.
        new Actions(d).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
        assertThat(d.switchTo().activeElement().getAttribute("id")).isEqualTo("skip");
        new Actions(d).sendKeys(Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB, Keys.TAB).perform();
        assertThat(d.switchTo().activeElement().getText()).isEqualTo("Connect");
        new Actions(d).sendKeys(Keys.ENTER).perform();
        until(d, ExpectedConditions.presenceOfElementLocated(By.cssSelector("#endpoints tr[data-endpoint='submission']")));
        assertThat(d.findElement(By.cssSelector("#endpoints tr[data-endpoint='submission']")).getText())
                .contains(String.valueOf(emulator.port(Endpoint.SUBMISSION)));
    }
}
