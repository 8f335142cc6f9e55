package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.server.internal.reply.HostIdentity;
import dev.o365emulator.server.internal.reply.Office365Reply;
import dev.o365emulator.server.internal.reply.SmtpCatalogue;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The non-delivery report Exchange Online puts in the sender's Inbox when an accepted submission
 * cannot reach some recipients: a {@code multipart/report} from the tenant's
 * {@code MicrosoftExchange…} system address, with a human-readable part, the
 * {@code message/delivery-status} part carrying Office 365's status text
 * ({@code 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup})
 * and the original message's header.
 */
final class NonDeliveryReport {

    /** The system mailbox Exchange Online sends NDRs from, in the tenant's onmicrosoft domain. */
    static final String SYSTEM_LOCAL_PART = "MicrosoftExchange329e71ec88ae4615bbc36ab6ce41109e";

    /** One recipient that failed, with the status Office 365 reports for it. */
    record Failure(String recipient, String status, String diagnostic) {

        static Failure notFound(String recipient) {
            return of(recipient, SmtpCatalogue.NDR_RECIPIENT_NOT_FOUND);
        }

        static Failure tooLarge(String recipient) {
            return of(recipient, SmtpCatalogue.RECIPIENT_SIZE_EXCEEDED);
        }

        /** The recipient's mailbox is past its quota, in the store driver's delivery form. */
        static Failure mailboxFull(String recipient) {
            return of(recipient, SmtpCatalogue.NDR_MAILBOX_FULL);
        }

        /** The reply's enhanced status, and its line ({@code 550 5.1.10 RESOLVER…}) as the diagnostic. */
        private static Failure of(String recipient, Office365Reply reply) {
            return new Failure(recipient, reply.smtp().enhanced(),
                    SmtpReplyRenderer.lines(SmtpReplyRenderer.response(reply)).get(0));
        }
    }

    private NonDeliveryReport() {
    }

    static byte[] build(String systemDomain, String sender, String reportingMta, String originalSubject,
            byte[] originalHeader, List<Failure> failures, Instant now) {
        String boundary = "_NDR_" + UUID.randomUUID().toString().replace("-", "");
        String date = HostIdentity.bannerDate(now);
        StringBuilder m = new StringBuilder(2048);
        m.append("From: Microsoft Outlook <").append(SYSTEM_LOCAL_PART).append('@').append(systemDomain).append(">\r\n");
        m.append("To: <").append(sender).append(">\r\n");
        m.append("Date: ").append(date).append("\r\n");
        m.append("Subject: Undeliverable: ").append(originalSubject == null ? "" : originalSubject).append("\r\n");
        m.append("Message-ID: <").append(UUID.randomUUID()).append('@').append(reportingMta).append(">\r\n");
        m.append("Auto-Submitted: auto-replied\r\n");
        m.append("MIME-Version: 1.0\r\n");
        m.append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"").append(boundary)
                .append("\"\r\n\r\n");
        m.append("--").append(boundary).append("\r\nContent-Type: text/plain; charset=\"us-ascii\"\r\n\r\n");
        m.append("Your message to ");
        m.append(String.join(", ", failures.stream().map(Failure::recipient).toList()));
        m.append(" couldn't be delivered.\r\n\r\n");
        for (Failure f : failures) {
            m.append(f.recipient()).append("\r\nRemote server returned '").append(f.diagnostic()).append("'\r\n\r\n");
        }
        m.append("--").append(boundary).append("\r\nContent-Type: message/delivery-status\r\n\r\n");
        m.append("Reporting-MTA: dns;").append(reportingMta).append("\r\n");
        m.append("Arrival-Date: ").append(date).append("\r\n");
        for (Failure f : failures) {
            m.append("\r\nFinal-recipient: rfc822;").append(f.recipient()).append("\r\n");
            m.append("Action: failed\r\nStatus: ").append(f.status()).append("\r\n");
            m.append("Diagnostic-Code: smtp;").append(f.diagnostic()).append("\r\n");
        }
        m.append("\r\n--").append(boundary).append("\r\nContent-Type: text/rfc822-headers\r\n\r\n");
        byte[] head = m.toString().getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + originalHeader.length + tail.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(originalHeader, 0, out, head.length, originalHeader.length);
        System.arraycopy(tail, 0, out, head.length + originalHeader.length, tail.length);
        return out;
    }
}
