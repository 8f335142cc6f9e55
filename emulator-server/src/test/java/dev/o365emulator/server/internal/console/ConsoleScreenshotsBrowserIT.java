package dev.o365emulator.server.internal.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.Endpoint;
import dev.o365emulator.server.Mail;
import dev.o365emulator.server.tenant.DefaultTenant;
import dev.o365emulator.server.testing.AngusSmtp;
import dev.o365emulator.server.testing.BrowserExtension;
import jakarta.activation.DataHandler;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One 1280×800 screenshot of each console page with some traffic on it, saved under
 * {@code target/console-screenshots/}. The README's pictures are made by running it with the
 * directory of the docs:
 *
 * <pre>
 * mvn -B -pl emulator-server -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=ConsoleScreenshotsBrowserIT -Dconsole.screenshots=../docs/console
 * </pre>
 */
class ConsoleScreenshotsBrowserIT {

    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension();

    private static Emulator emulator;
    private static String base;

    @BeforeAll
    static void start() throws Exception {
        emulator = Emulator.builder().endpoints(Endpoint.SUBMISSION, Endpoint.IMAPS, Endpoint.POP3S).console(true)
                .start();
        base = "http://127.0.0.1:" + emulator.consoleAddress().orElseThrow().getPort();
        traffic();
    }

    @AfterAll
    static void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    /** A delivered message with an attachment, then a login refused by a rule: something on every page. */
    private static void traffic() throws Exception {
        Session session = AngusSmtp.session(emulator, Endpoint.SUBMISSION);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(DefaultTenant.ADELE, "Adele Vance"));
        message.setRecipients(Message.RecipientType.TO, DefaultTenant.ALEX);
        message.setSubject("Quarterly numbers");
        MimeMultipart mixed = new MimeMultipart("mixed");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent("<h2 style=\"font-family:sans-serif;color:#0b5cad\">Q3 in short</h2>"
                + "<p style=\"font-family:sans-serif\">Revenue is up <b>12%</b>; the details are attached.</p>",
                "text/html; charset=utf-8");
        MimeBodyPart file = new MimeBodyPart();
        file.setDataHandler(new DataHandler(new ByteArrayDataSource(new byte[2048], "application/pdf")));
        file.setFileName("q3.pdf");
        mixed.addBodyPart(html);
        mixed.addBodyPart(file);
        message.setContent(mixed);
        Transport.send(message, DefaultTenant.ADELE, DefaultTenant.ADELE_PASSWORD);
        emulator.scenario().use("bad-credentials");
        assertThatThrownBy(() -> Transport.send(AngusSmtp.message(AngusSmtp.session(emulator, Endpoint.SUBMISSION),
                DefaultTenant.ALEX, DefaultTenant.ADELE, "refused"), DefaultTenant.ALEX, DefaultTenant.ALEX_PASSWORD))
                .isInstanceOf(AuthenticationFailedException.class);
    }

    private static Path directory() {
        return Path.of(System.getProperty("console.screenshots", "target/console-screenshots"));
    }

    private static void shoot(String name, String hash, By ready) throws IOException {
        WebDriver d = browser.driver();
        d.get(base + "/" + hash);
        new WebDriverWait(d, Duration.ofSeconds(15)).until(ExpectedConditions.presenceOfElementLocated(ready));
        new WebDriverWait(d, Duration.ofSeconds(15)).until(ExpectedConditions.textToBe(By.id("live"), "● live"));
        // What the page is about in view: on Sessions, the lines the rule changed.
        ((org.openqa.selenium.JavascriptExecutor) d).executeScript(
                "arguments[0].scrollIntoView({block: 'center'})", d.findElement(ready));
        Path file = directory().resolve(name + ".png");
        browser.screenshot(file);
        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(BrowserExtension.WIDTH);
        assertThat(image.getHeight()).isEqualTo(BrowserExtension.HEIGHT);
    }

    @Test
    void eachPage() throws IOException {
        long refused = emulator.sessions().filter(s -> !s.firedRules().isEmpty()).get(0).id();
        shoot("sessions", "#/sessions/" + refused, By.cssSelector("#transcript li.rule-hit"));
        long uid = emulator.mail().messages(DefaultTenant.ALEX, Mail.INBOX).get(0).uid();
        shoot("mail", "#/mail/alex@contoso.com/INBOX/" + uid, By.id("html-body"));
        shoot("scenario", "#/scenario", By.cssSelector("#rules tr.hit"));
        shoot("tenant", "#/tenant", By.id("mailbox-settings"));
        shoot("connect", "#/connect", By.cssSelector("#endpoints tr[data-endpoint='submission']"));
    }
}
