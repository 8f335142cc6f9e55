package dev.o365emulator.server.internal.journal;

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
    void masksPop3SecretsWhateverTheVerbsCaseAndKeepsOtherCommandsAsTheyAre() {
        assertThat(Masking.mask(Protocol.POP3, "pass hunter2")).isEqualTo("pass ****");
        assertThat(Masking.mask(Protocol.POP3, "Auth PLAIN AGFkZWxlAHNlY3JldA==")).isEqualTo("Auth PLAIN ****");
        // Upper-cased with the root locale, the long s becomes an S: the verb is PASS.
        assertThat(Masking.mask(Protocol.POP3, "PA\u017fS hunter2")).isEqualTo("PA\u017fS ****");
        String retr = "RETR 2000";
        assertThat(Masking.mask(Protocol.POP3, retr)).isSameAs(retr);
        assertThat(Masking.mask(Protocol.POP3, "PASSWORD hunter2")).isEqualTo("PASSWORD hunter2");
        assertThat(Masking.mask(Protocol.POP3, "PASS")).isEqualTo("PASS");
        assertThat(Masking.mask(Protocol.POP3, "STAT")).isEqualTo("STAT");
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

    @Test
    void masksEveryUnrecognisedLineWholeInTheSaslAftermath() {
        assertThat(Masking.unrecognised(Protocol.SMTP, "YWJj", true)).isEqualTo(Masking.MASK);
        assertThat(Masking.unrecognised(Protocol.SMTP, "correct horse battery", true)).isEqualTo(Masking.MASK);
        assertThat(Masking.unrecognised(Protocol.POP3, "hunter2", true)).isEqualTo(Masking.MASK);
        assertThat(Masking.unrecognised(Protocol.SMTP, "XYZZY now", false)).isEqualTo("XYZZY now");
        assertThat(Masking.unrecognised(Protocol.SMTP, "xyzzy", false)).isEqualTo("xyzzy");
    }

    @Test
    void masksAnUnrecognisedLineThatLooksLikeBase64EvenOutsideTheAftermath() {
        // "adele@contoso.com\0adele@contoso.com\0Passw0rd!" and "Passw0rd!adele" as clients encode them.
        assertThat(Masking.unrecognised(Protocol.SMTP,
                "YWRlbGVAY29udG9zby5jb20AYWRlbGVAY29udG9zby5jb20AUGFzc3cwcmQh", false)).isEqualTo(Masking.MASK);
        assertThat(Masking.unrecognised(Protocol.SMTP, "UGFzc3cwcmQhYWRlbGU=", false)).isEqualTo(Masking.MASK);
        // POP3 verbs arrive upper-cased: any long base64-alphabet verb is masked there.
        assertThat(Masking.unrecognised(Protocol.POP3, "UGFZC3CWCMQHYWRLBGU", false)).isEqualTo(Masking.MASK);
        assertThat(Masking.unrecognised(Protocol.SMTP, "XFORWARD NAME=x", false)).isEqualTo("XFORWARD NAME=x");
    }

    @Test
    void tellsBase64FromVerbsAndClientTags() {
        assertThat(Masking.looksLikeBase64("dXNlcjFhYmM")).isTrue();
        assertThat(Masking.looksLikeBase64("c2VjcmV0")).isTrue();
        assertThat(Masking.looksLikeBase64("QUJDREVGRw==")).isTrue();
        assertThat(Masking.looksLikeBase64("AB/CDEFG")).isTrue();
        assertThat(Masking.looksLikeBase64("XFORWARD")).isFalse();
        assertThat(Masking.looksLikeBase64("A0000001")).isFalse();
        assertThat(Masking.looksLikeBase64("PJKM1234")).isFalse();
        assertThat(Masking.looksLikeBase64("abcdefgh")).isFalse();
        assertThat(Masking.looksLikeBase64("Short")).isFalse();
        assertThat(Masking.looksLikeBase64("a=bcDEFGH")).isFalse();
        assertThat(Masking.looksLikeBase64("abcDEF===")).isFalse();
        assertThat(Masking.looksLikeBase64("abc.DEFGH")).isFalse();
    }
}
