package dev.o365emulator.server.internal.smtp;

import dev.o365emulator.codec.smtp.SmtpResponse;
import dev.o365emulator.codec.smtp.SmtpResponses;
import java.util.List;

/**
 * Office 365's SMTP reply texts (o365-reference.md §1–§4), in one place so transcripts and tests
 * can be compared with the reference. Where the reference marks a text unknown, the choice made
 * and why is written next to it.
 *
 * <p>Methods taking a {@code trailer} append it after a space: the {@code [HOST date ticks]}
 * bracket that Office 365's error replies carry since about 2023.
 */
final class SmtpReplies {

    /** Office 365 advertises {@code SIZE 157286400} on submission and MX alike. */
    static final long ADVERTISED_SIZE = 157_286_400L;

    private SmtpReplies() {
    }

    static SmtpResponse banner(String host, String date, String instanceMarker) {
        return SmtpResponses.of(220, host + " Microsoft ESMTP MAIL Service ready at " + date + " [" + instanceMarker + "]");
    }

    /**
     * The EHLO list: {@code STARTTLS} before TLS, {@code AUTH LOGIN XOAUTH2} in its place after it,
     * never both (o365-reference.md §2).
     */
    static SmtpResponse ehlo(String host, String clientIp, boolean offerStartTls, boolean offerAuth) {
        return ehlo(host, clientIp, offerStartTls, offerAuth, false);
    }

    /** The EHLO list, with {@code AUTH LOGIN PLAIN XOAUTH2} when the tenant allows PLAIN (not Office 365). */
    static SmtpResponse ehlo(String host, String clientIp, boolean offerStartTls, boolean offerAuth,
            boolean offerPlain) {
        List<String> lines = new java.util.ArrayList<>(10);
        lines.add(host + " Hello [" + clientIp + "]");
        lines.add("SIZE " + ADVERTISED_SIZE);
        lines.add("PIPELINING");
        lines.add("DSN");
        lines.add("ENHANCEDSTATUSCODES");
        if (offerStartTls) {
            lines.add("STARTTLS");
        } else if (offerAuth) {
            lines.add(offerPlain ? "AUTH LOGIN PLAIN XOAUTH2" : "AUTH LOGIN XOAUTH2");
        }
        lines.add("8BITMIME");
        lines.add("BINARYMIME");
        lines.add("CHUNKING");
        lines.add("SMTPUTF8");
        return SmtpResponses.multiLine(250, lines);
    }

    static SmtpResponse helo(String host, String clientIp) {
        return SmtpResponses.of(250, host + " Hello [" + clientIp + "]");
    }

    static final SmtpResponse TLS_GO_AHEAD = SmtpResponses.of(220, "2.0.0", "SMTP server ready");
    static final SmtpResponse OK = SmtpResponses.of(250, "2.0.0", "OK");
    static final SmtpResponse RESETTING = SmtpResponses.of(250, "2.0.0", "Resetting");
    static final SmtpResponse SENDER_OK = SmtpResponses.of(250, "2.1.0", "Sender OK");
    static final SmtpResponse RECIPIENT_OK = SmtpResponses.of(250, "2.1.5", "Recipient OK");
    static final SmtpResponse START_MAIL_INPUT = SmtpResponses.of(354, "Start mail input; end with <CRLF>.<CRLF>");
    static final SmtpResponse CLOSING = SmtpResponses.of(221, "2.0.0", "Service closing transmission channel");
    static final SmtpResponse AUTH_OK = SmtpResponses.of(235, "2.7.0", "Authentication successful");

    // Exchange's own texts for VRFY, unknown verbs, syntax and sequence errors (Exchange Server's
    // SmtpReceive strings; Office 365 runs the same transport stack).
    /**
     * Exchange never reveals whether a mailbox exists through VRFY (directory harvesting), and
     * answers RFC 5321 §3.5.3's "cannot verify" reply instead.
     */
    static final SmtpResponse VRFY = SmtpResponses.of(252, "2.1.5", "Cannot VRFY user, but will accept message for delivery");
    static final SmtpResponse INVALID_ARGUMENTS = SmtpResponses.of(501, "5.5.4", "Invalid arguments");
    static final SmtpResponse NEED_MAIL = SmtpResponses.of(503, "5.5.2", "Need mail command");
    static final SmtpResponse NEED_RCPT = SmtpResponses.of(503, "5.5.2", "Need rcpt command");
    /** DATA after BDAT in one transaction; no Office 365 capture, so RFC 5321's text for 503. */
    static final SmtpResponse BAD_SEQUENCE = SmtpResponses.of(503, "5.5.1", "Bad sequence of commands");
    static final SmtpResponse SENDER_ALREADY_SPECIFIED = SmtpResponses.of(503, "5.5.2", "Sender already specified");
    /** Not captured from Office 365; Exchange's wording for a second AUTH. */
    static final SmtpResponse ALREADY_AUTHENTICATED = SmtpResponses.of(503, "5.5.2", "Already authenticated");
    static final SmtpResponse LINE_TOO_LONG = SmtpResponses.of(500, "5.5.2", "Line too long");
    /**
     * The close of an idle connection: Exchange's own text for its receive connectors' timeouts, as
     * clients report it ({@code 421 4.4.1 Connection timed out}). No capture shows whether Office 365
     * adds its {@code [HOST date ticks]} trailer here; the reported form has none, so neither does this.
     */
    static final SmtpResponse TIMED_OUT = SmtpResponses.of(421, "4.4.1", "Connection timed out");
    static final SmtpResponse SYNTAX_ERROR = SmtpResponses.of(500, "5.5.2", "Syntax error, command unrecognized");
    /** Exchange's answer to a cancelled ({@code *}) SASL exchange. */
    static final SmtpResponse AUTH_CANCELLED = SmtpResponses.of(501, "5.7.0", "Authentication aborted");
    /** Exchange's answer to a SASL line that is not base64. */
    static final SmtpResponse CANNOT_DECODE = SmtpResponses.of(501, "5.5.2", "Cannot Decode response");
    /** Seen from Microsoft's HVE endpoint for an XOAUTH2 string of the wrong shape (o365-reference.md §3, C). */
    static final SmtpResponse INVALID_XOAUTH2 = SmtpResponses.of(501, "5.5.124", "Invalid XOAUTH2 auth data");
    /**
     * No Office 365 text is known for too many recipients; Exchange answers the recipient past the
     * limit with this, and clients split the batch (o365-reference.md §4).
     */
    static final SmtpResponse TOO_MANY_RECIPIENTS = SmtpResponses.of(452, "4.5.3", "Too many recipients");
    /** Exchange's reply to a MAIL FROM whose SIZE= is over the limit, or to an oversized inbound message. */
    static final SmtpResponse SIZE_EXCEEDED = SmtpResponses.of(552, "5.3.4", "Message size exceeds fixed maximum message size");
    /**
     * SIZE= above a recipient's MaxReceiveSize, at RCPT. Office 365 accepts such a recipient and reports it
     * in the non-delivery report with this status (Exchange's {@code RESOLVER.RST.RecipSizeLimit}, the text
     * of its NDRs for this case and of {@link NonDeliveryReport.Failure#tooLarge}); the emulator says the
     * same before the body is sent, so a body no recipient can take is never buffered.
     */
    static final SmtpResponse RECIPIENT_SIZE_EXCEEDED = SmtpResponses.of(550, "5.2.3",
            "RESOLVER.RST.RecipSizeLimit; message too large for this recipient");
    /**
     * The emulator has no memory for the message now: its store budget or its budget of bodies in flight
     * is used up. Exchange's own reply for a transport short of resources (its
     * {@code SmtpResponse.InsufficientResource}); transient, as RFC 1870 §6.1 asks of a size the server
     * cannot accept now but could later, so the sender retries instead of bouncing the message.
     */
    static final SmtpResponse INSUFFICIENT_RESOURCES = SmtpResponses.of(452, "4.3.1", "Insufficient system resources");
    /**
     * The Maildir store could not write the message (a full disk, a failed write): RFC 3463's 4.3.1 "mail
     * system full", in the words of RFC 5321's 452; transient, so the sender tries again.
     */
    static final SmtpResponse INSUFFICIENT_STORAGE = SmtpResponses.of(452, "4.3.1", "Insufficient system storage");
    /** A header over Exchange's MaxHeaderSize (o365-reference.md §4, seen after a BDAT chunk). */
    static final SmtpResponse HEADER_TOO_LARGE = SmtpResponses.of(552, "5.3.4", "Header size exceeds fixed maximum size");
    // Exchange's text for a non-ASCII address without SMTPUTF8 is not captured; these are RFC 6531's
    // suggested replies (§3.7.4.1 style: 553 5.6.7), the most plausible for a server that implements it.
    static final SmtpResponse NON_ASCII_SENDER = SmtpResponses.of(553, "5.6.7",
            "Non-ASCII addresses not permitted for that sender");
    static final SmtpResponse NON_ASCII_RECIPIENT = SmtpResponses.of(553, "5.6.7",
            "Non-ASCII addresses not permitted for that recipient");

    static SmtpResponse unrecognized(String verb) {
        return SmtpResponses.of(500, "5.3.3", "Unrecognized command '" + verb + "'");
    }

    static SmtpResponse sendHelloFirst(String trailer) {
        return SmtpResponses.of(503, "5.5.2", "Send hello first " + trailer);
    }

    static SmtpResponse unrecognizedAuthType(String trailer) {
        return SmtpResponses.of(504, "5.7.4", "Unrecognized authentication type " + trailer);
    }

    static SmtpResponse startTlsRequired(String trailer) {
        // Office 365 really pairs 451 with 5.7.3 (S37); SmtpResponse refuses a class mismatch, so
        // the enhanced code goes into the text, which writes the same bytes.
        return SmtpResponses.of(451, "5.7.3 STARTTLS is required to send mail " + trailer);
    }

    /**
     * {@code 530 5.7.57}; after a failed AUTH, .NET reports the earlier 535 inside this reply, so it
     * is carried here (o365-reference.md §4, C/I).
     */
    static SmtpResponse notAuthenticated(String previousAuthError, String trailer) {
        return SmtpResponses.of(530, "5.7.57", "Client not authenticated to send mail."
                + (previousAuthError == null ? "" : " Error: " + previousAuthError) + " " + trailer);
    }


    static SmtpResponse senderThreadLimit(String mailboxServer) {
        return SmtpResponses.of(432, "4.3.2", "STOREDRV.ClientSubmit; sender thread limit exceeded [Hostname=" + mailboxServer + "]");
    }

    static SmtpResponse queued(String messageId, String server) {
        return SmtpResponses.of(250, "2.0.0", "OK " + messageId + " [Hostname=" + server + "]");
    }

    static SmtpResponse mxRecipientRejected(String trailer) {
        return SmtpResponses.of(550, "5.4.1", "Recipient address rejected: Access denied. AS(201806281) " + trailer);
    }

    static SmtpResponse mxRelayDenied(String trailer) {
        return SmtpResponses.of(550, "5.7.64", "TenantAttribution; Relay Access Denied " + trailer);
    }

    // Exchange's store driver appends a long list of "<n>.<nnnnn>:<hex>" diagnostics (hundreds in the
    // captures). A short list in the same shape keeps the reply under RFC 5321's 512-octet line limit.
    private static final String DIAGNOSTICS = "0.35250:1F009983, 1.36674:0A000000, 1.61250:00000000, "
            + "1.45378:02000000, 1.44866:2C030000, 16.55847:DA0A0000, 0.51091:00000000, 4.5366:00000000";

    /** The current SendAs refusal, after the body (o365-reference.md §4, S30). */
    static SmtpResponse sendAsDenied(SendAsDeniedForm form, String login, String from, String mailboxServer) {
        return switch (form) {
            case CURRENT -> SmtpResponses.of(554, "5.2.252", "SendAsDenied; " + login + " not allowed to send as " + from
                    + "; STOREDRV.Submission.Exception:SendAsDeniedException.MapiExceptionSendAsDenied; Failed to process"
                    + " message due to a permanent exception with message [BeginDiagnosticData]Cannot submit message. "
                    + DIAGNOSTICS + " [Hostname=" + mailboxServer + "]");
            case LEGACY -> SmtpResponses.of(554, "5.2.0", "STOREDRV.Submission.Exception:SendAsDeniedException"
                    + ".MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message"
                    + " Cannot submit message. [Hostname=" + mailboxServer + "]");
        };
    }

    /**
     * A body larger than the mailbox's MaxSendSize. Only a fragment of Office 365's text is known
     * (o365-reference.md §4, pm2-health#52); the code and the order of its parts follow the other
     * STOREDRV submission failures.
     */
    static SmtpResponse submissionTooLarge(String mailboxServer) {
        return SmtpResponses.of(554, "5.2.0", "STOREDRV.Submission.Exception:MessageSubmissionExceededException"
                + ".MapiExceptionMaxSubmissionExceeded; Failed to process message due to a permanent exception with"
                + " message [BeginDiagnosticData]Message size exceeds maximum size limit. " + DIAGNOSTICS
                + " [Hostname=" + mailboxServer + "]");
    }

    /** The documented daily recipient quota refusal (o365-reference.md §4, S31). */
    static SmtpResponse submissionQuotaExceeded(String mailboxServer) {
        return SmtpResponses.of(554, "5.2.0", "STOREDRV.Submission.Exception:SubmissionQuotaExceededException;"
                + " Failed to process message due to a permanent exception with message Cannot submit message."
                + " [Hostname=" + mailboxServer + "]");
    }

    /**
     * The sender's own mailbox (Sent Items) is past its quota (o365-reference.md §4, S31): the submission is
     * refused after the body, before anything is stored.
     */
    static SmtpResponse mailboxFull(String mailboxServer) {
        return SmtpResponses.of(554, "5.2.2", "mailbox full; STOREDRV.Submission.Exception:QuotaExceededException"
                + ".MapiExceptionShutoffQuotaExceeded [Hostname=" + mailboxServer + "]");
    }

    /**
     * Inbound mail on the MX whose every recipient's mailbox is past its quota. Office 365 accepts such mail
     * and bounces it from the mailbox server with the delivery form of the store driver's text
     * ({@code 554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException…}, as Microsoft's
     * NDR documentation shows it); the emulator delivers while the sender waits, so the sender gets that
     * text as the reply. A message that reaches at least one recipient is accepted, as Office 365 does.
     */
    static SmtpResponse inboundMailboxFull(String mailboxServer) {
        return SmtpResponses.of(554, "5.2.2", "mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException"
                + ".MapiExceptionShutoffQuotaExceeded [Hostname=" + mailboxServer + "]");
    }

    /** The chunk acknowledgement of a BDAT that is not LAST; Office 365's wording is not captured. */
    static SmtpResponse chunkReceived(long octets) {
        return SmtpResponses.of(250, "2.0.0", octets + " bytes received");
    }
}
