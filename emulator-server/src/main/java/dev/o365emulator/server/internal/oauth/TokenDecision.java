package dev.o365emulator.server.internal.oauth;

/** What a {@link TokenValidator} made of a bearer token. */
public sealed interface TokenDecision {

    /** A good token for the protocol, issued to {@code subject} (a user's address). */
    record Accepted(String subject) implements TokenDecision {}

    /**
     * A token that does not authenticate anybody: unknown, malformed, badly signed, expired, for
     * another audience or tenant. Office 365 answers {@code 535 5.7.3}, {@code NO AUTHENTICATE
     * failed.} or {@code -ERR Authentication failure…}.
     */
    record Rejected(String why) implements TokenDecision {}

    /**
     * A valid token that lacks this protocol's scope or role. IMAP famously still answers {@code OK}
     * to the AUTHENTICATE and then {@code BAD User is authenticated but not connected.} to the next
     * command (transcripts in MailKit issue 1496 and node-imap issue 523 on GitHub); SMTP and POP3
     * refuse the login.
     */
    record NotConnected(String subject, String why) implements TokenDecision {}
}
