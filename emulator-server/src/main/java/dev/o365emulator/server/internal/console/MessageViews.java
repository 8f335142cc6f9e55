package dev.o365emulator.server.internal.console;

import dev.o365emulator.server.mail.Attachment;
import dev.o365emulator.server.mail.FolderSummary;
import dev.o365emulator.server.mail.Header;
import dev.o365emulator.server.mail.MailAddress;
import dev.o365emulator.server.mail.MailMessage;
import dev.o365emulator.server.mail.MailboxSummary;
import dev.o365emulator.server.mail.MessageEnvelope;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The JSON of mailboxes, folders and messages, built from the API's mail values. */
final class MessageViews {

    private MessageViews() {
    }

    record Folder(String name, String specialUse, int messages, int unseen, long size, long uidValidity, long uidNext) {
    }

    record Mailbox(String address, boolean inTenant, int messages, long size, List<Folder> folders) {
    }

    record Address(String name, String address) {
    }

    /** A message in a list: enough to show a row and find the rest. */
    record Summary(String mailbox, String folder, long uid, String subject, List<Address> from, List<Address> to,
            String date, String received, int size, List<String> flags, boolean seen, int attachments,
            Long submittedBy, String href) {
    }

    record AttachmentView(int index, String name, String contentType, long size, String href) {
    }

    record HeaderView(String name, String value) {
    }

    /** One message in full: envelope, headers, bodies, attachments, and links to its raw and HTML forms. */
    record Full(String mailbox, String folder, long uid, String subject, List<Address> from, List<Address> sender,
            List<Address> replyTo, List<Address> to, List<Address> cc, List<Address> bcc, String date,
            String messageId, String inReplyTo, String received, int size, List<String> flags, boolean seen,
            Long submittedBy, boolean blindCopy, List<HeaderView> headers, String text, String html,
            List<AttachmentView> attachments, String href, String rawHref, String htmlHref) {
    }

    static Mailbox mailbox(MailboxSummary summary, boolean inTenant) {
        return new Mailbox(summary.address(), inTenant, summary.messages(), summary.size(),
                summary.folders().stream().map(MessageViews::folder).toList());
    }

    static Mailbox emptyMailbox(String address) {
        return new Mailbox(address, true, 0, 0, List.of());
    }

    static Folder folder(FolderSummary f) {
        return new Folder(f.name(), f.specialUse().orElse(null), f.messages(), f.unseen(), f.size(), f.uidValidity(),
                f.uidNext());
    }

    static Summary summary(MailMessage m) {
        MessageEnvelope e = m.parsed().envelope();
        return new Summary(m.mailbox(), m.folder(), m.uid(), e.subject(), addresses(e.from()), addresses(e.to()),
                e.date().isEmpty() ? null : e.date(), m.received().toString(), m.size(), sortedFlags(m),
                m.flags().contains("\\Seen"), m.attachments().size(),
                m.submittedBy().isPresent() ? m.submittedBy().getAsLong() : null, href(m));
    }

    static Full full(MailMessage m) {
        MessageEnvelope e = m.parsed().envelope();
        List<HeaderView> headers = m.parsed().headers().stream().map(MessageViews::header).toList();
        List<AttachmentView> attachments = new ArrayList<>();
        List<Attachment> parts = m.attachments();
        for (int i = 0; i < parts.size(); i++) {
            Attachment a = parts.get(i);
            attachments.add(new AttachmentView(i, a.name(), a.contentType(), a.size(), href(m) + "/attachments/" + i));
        }
        return new Full(m.mailbox(), m.folder(), m.uid(), e.subject(), addresses(e.from()), addresses(e.sender()),
                addresses(e.replyTo()), addresses(e.to()), addresses(e.cc()), addresses(e.bcc()),
                e.date().isEmpty() ? null : e.date(), e.messageId().isEmpty() ? null : e.messageId(),
                e.inReplyTo().isEmpty() ? null : e.inReplyTo(), m.received().toString(), m.size(), sortedFlags(m),
                m.flags().contains("\\Seen"), m.submittedBy().isPresent() ? m.submittedBy().getAsLong() : null,
                m.isBlindCopy(), headers, m.text().orElse(null), m.html().orElse(null), attachments, href(m),
                href(m) + "/raw", m.html().isPresent() ? href(m) + "/html" : null);
    }

    /** The message's path in the API: {@code /api/v1/mailboxes/{address}/folders/{folder}/messages/{uid}}. */
    static String href(MailMessage m) {
        return "/api/v1/mailboxes/" + segment(m.mailbox()) + "/folders/" + segment(m.folder()) + "/messages/" + m.uid();
    }

    /** Percent-encodes a path segment: {@code Projects/2025} becomes {@code Projects%2F2025}, a space {@code %20}. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%40", "@");
    }

    private static HeaderView header(Header h) {
        return new HeaderView(h.name(), h.value());
    }

    private static List<Address> addresses(List<MailAddress> list) {
        return list.stream().map(a -> new Address(a.name().isEmpty() ? null : a.name(), a.address())).toList();
    }

    private static List<String> sortedFlags(MailMessage m) {
        return m.flags().stream().sorted().toList();
    }
}
