package dev.o365emulator.server.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.server.Protocol;
import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void masksSmtpAuthInitialResponses() {
        assertThat(Masking.mask(Protocol.SMTP, "AUTH XOAUTH2 dXNlcj1hQGIBYXV0aD1CZWFyZXIgdG9rZW4BAQ=="))
                .isEqualTo("AUTH XOAUTH2 ****");
        assertThat(Masking.mask(Protocol.SMTP, "auth login YWRlbGU=")).isEqualTo("auth login ****");
        assertThat(Masking.mask(Protocol.SMTP, "AUTH LOGIN")).isEqualTo("AUTH LOGIN");
        assertThat(Masking.mask(Protocol.SMTP, "MAIL FROM:<adele@contoso.com>")).isEqualTo("MAIL FROM:<adele@contoso.com>");
    }

    @Test
    void masksPop3PasswordsWithSpacesWhole() {
        assertThat(Masking.mask(Protocol.POP3, "PASS correct horse battery")).isEqualTo("PASS ****");
        assertThat(Masking.mask(Protocol.POP3, "USER adele@contoso.com")).isEqualTo("USER adele@contoso.com");
        assertThat(Masking.mask(Protocol.POP3, "AUTH PLAIN AGFkZWxlAHNlY3JldA==")).isEqualTo("AUTH PLAIN ****");
        assertThat(Masking.mask(Protocol.POP3, "APOP adele c4c9334bac560ecc979e58001b3e22fb"))
                .isEqualTo("APOP adele ****");
    }

    @Test
    void masksImapLoginPasswordButKeepsTheUser() {
        assertThat(Masking.mask(Protocol.IMAP, "a1 LOGIN adele@contoso.com Secret123"))
                .isEqualTo("a1 LOGIN adele@contoso.com ****");
        assertThat(Masking.mask(Protocol.IMAP, "a1 login \"adele@contoso.com\" \"pass word\""))
                .isEqualTo("a1 login \"adele@contoso.com\" ****");
        assertThat(Masking.mask(Protocol.IMAP, "a2 AUTHENTICATE XOAUTH2 dXNlcj0BAQ==")).isEqualTo("a2 AUTHENTICATE XOAUTH2 ****");
        assertThat(Masking.mask(Protocol.IMAP, "a3 SELECT INBOX")).isEqualTo("a3 SELECT INBOX");
    }
}
