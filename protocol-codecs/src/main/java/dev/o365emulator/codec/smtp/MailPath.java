package dev.o365emulator.codec.smtp;

import java.util.List;
import java.util.Objects;

/**
 * A reverse-path or forward-path from MAIL FROM / RCPT TO: the null path {@code <>}, a mailbox, or
 * the bare {@code <Postmaster>} (RFC 5321 §4.1.1.3, empty domain).
 *
 * @param sourceRoute the obsolete source route ({@code @a,@b:}), domains without {@code @}; to be ignored
 * @param localPart the local part as sent, quotes and escapes kept ({@code "john doe"}); empty for the null path
 * @param domain the domain or address literal ({@code [192.0.2.1]}) as sent; empty for the null path and postmaster
 */
public record MailPath(List<String> sourceRoute, String localPart, String domain) {

    /** The null path {@code <>}. */
    public static final MailPath NULL = new MailPath(List.of(), "", "");

    public MailPath {
        sourceRoute = List.copyOf(sourceRoute);
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(domain, "domain");
    }

    /** Whether this is {@code <>}. */
    public boolean isNull() {
        return localPart.isEmpty();
    }

    /** {@code local@domain} (or just the local part for postmaster; empty for the null path). */
    public String address() {
        return domain.isEmpty() ? localPart : localPart + "@" + domain;
    }

    /** Whether the address is all ASCII; if not, the client must have asked for SMTPUTF8. */
    public boolean isAscii() {
        return address().chars().allMatch(c -> c < 0x80);
    }
}
