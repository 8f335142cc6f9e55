package dev.o365emulator.server.internal.console;

import dev.o365emulator.server.Mail;
import dev.o365emulator.server.TenantControl;
import dev.o365emulator.server.mail.MailMessage;
import dev.o365emulator.server.mail.MailboxSummary;
import dev.o365emulator.server.tenant.Mailbox;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The mail resources: mailboxes with their folder counts, a folder's messages (newest first, paged,
 * filtered), one message as JSON, raw or as its HTML document, injecting a raw message, deleting.
 *
 * <p>{@code {address}} is a mailbox's address ({@code @} may stay as it is in a path), {@code {folder}}
 * an IMAP folder name, percent-encoded ({@code Sent%20Items}, {@code Projects%2F2025}), and
 * {@code {uid}} a message's UID or {@code latest}, the folder's newest message.
 */
final class MailRoutes {

    static final String FOLDER = "/api/v1/mailboxes/{address}/folders/{folder}";
    static final String MESSAGE = FOLDER + "/messages/{uid}";
    /** The policy of a message's HTML document: its own inline styles and data: images, nothing else. */
    static final String MESSAGE_HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:;"
            + " frame-ancestors 'self'; sandbox";

    private final Mail mail;
    private final TenantControl tenant;

    MailRoutes(Mail mail, TenantControl tenant) {
        this.mail = mail;
        this.tenant = tenant;
    }

    void register(Router.Builder routes) {
        routes.get("/api/v1/mailboxes", this::mailboxes)
                .get("/api/v1/mailboxes/{address}", this::mailbox)
                .get(FOLDER + "/messages", this::messages)
                .add(new Route(HttpMethod.POST, new PathTemplate(FOLDER + "/messages"), this::inject,
                        variables -> uploadLimit(variables.get("address"))))
                .delete(FOLDER + "/messages", this::deleteFolder)
                .get(MESSAGE, this::message)
                .delete(MESSAGE, this::deleteMessage)
                .get(MESSAGE + "/raw", this::raw)
                .get(MESSAGE + "/html", this::html)
                .get(MESSAGE + "/attachments/{index}", this::attachment)
                .delete("/api/v1/mail", this::deleteEverything);
    }

    /**
     * The largest raw message {@code POST …/messages} reads for a mailbox: its MaxReceiveSize, or
     * Office 365's default (36 MiB) for an address the tenant does not have.
     */
    long uploadLimit(String address) {
        try {
            return tenant.settings().mailbox(address).map(Mailbox::maxReceiveSize)
                    .orElse(Mailbox.DEFAULT_MAX_RECEIVE_SIZE);
        } catch (IllegalArgumentException | NullPointerException notAnAddress) {
            return Mailbox.DEFAULT_MAX_RECEIVE_SIZE; // the route answers 404 for it
        }
    }

    private ApiResponse mailboxes(ApiRequest request) {
        Map<String, MessageViews.Mailbox> out = new TreeMap<>();
        Set<String> tenantMailboxes = tenant.settings().mailboxes().keySet();
        for (String address : tenantMailboxes) {
            out.put(address, MessageViews.emptyMailbox(address));
        }
        for (MailboxSummary m : mail.mailboxes()) {
            out.put(m.address(), MessageViews.mailbox(m, tenantMailboxes.contains(m.address())));
        }
        return ApiResponse.ok(List.copyOf(out.values()));
    }

    private ApiResponse mailbox(ApiRequest request) {
        String address = knownMailbox(request);
        Optional<MailboxSummary> stored = mail.mailbox(address);
        boolean inTenant = tenant.settings().mailbox(address).isPresent();
        if (stored.isPresent()) {
            return ApiResponse.ok(MessageViews.mailbox(stored.get(), inTenant));
        }
        if (inTenant) {
            return ApiResponse.ok(MessageViews.emptyMailbox(tenant.settings().mailbox(address).get().address()));
        }
        throw noMailbox(address);
    }

    private ApiResponse messages(ApiRequest request) {
        String address = knownMailbox(request);
        List<MailMessage> all = new ArrayList<>(mail.messages(address, request.variable("folder")));
        all.sort(Comparator.comparingLong(MailMessage::uid).reversed());
        Predicate<MailMessage> filter = filter(request);
        List<MailMessage> matching = all.stream().filter(filter).toList();
        Views.Page<MailMessage> page = Views.page(request, matching);
        return ApiResponse.ok(new Views.Page<>(page.total(), page.offset(), page.limit(),
                page.items().stream().map(MessageViews::summary).toList()));
    }

    private static Predicate<MailMessage> filter(ApiRequest request) {
        Predicate<MailMessage> filter = m -> true;
        Optional<String> from = request.query("from");
        if (from.isPresent()) {
            Predicate<String> p = Views.contains(from.get());
            filter = filter.and(m -> m.parsed().envelope().from().stream()
                    .anyMatch(a -> p.test(a.address()) || p.test(a.name())));
        }
        Optional<String> to = request.query("to");
        if (to.isPresent()) {
            Predicate<String> p = Views.contains(to.get());
            filter = filter.and(m -> Stream.concat(m.parsed().envelope().to().stream(),
                    m.parsed().envelope().cc().stream()).anyMatch(a -> p.test(a.address()) || p.test(a.name())));
        }
        Optional<String> subject = request.query("subject");
        if (subject.isPresent()) {
            Predicate<String> p = Views.contains(subject.get());
            filter = filter.and(m -> p.test(m.subject()));
        }
        Optional<String> since = request.query("since");
        if (since.isPresent()) {
            Instant from2 = Views.since(since.get());
            filter = filter.and(m -> !m.received().isBefore(from2));
        }
        Optional<String> text = request.query("text");
        if (text.isPresent()) {
            Predicate<String> p = Views.contains(text.get());
            filter = filter.and(m -> p.test(m.subject()) || m.text().map(p::test).orElse(false)
                    || m.html().map(p::test).orElse(false));
        }
        return filter;
    }

    private ApiResponse message(ApiRequest request) {
        return ApiResponse.ok(MessageViews.full(find(request)));
    }

    private ApiResponse raw(ApiRequest request) {
        MailMessage m = find(request);
        return ApiResponse.bytes(200, "message/rfc822", m.raw())
                .header("Content-Disposition", "attachment; filename=\"message-" + m.uid() + ".eml\"");
    }

    private ApiResponse html(ApiRequest request) {
        MailMessage m = find(request);
        String html = m.html().orElseThrow(() -> new ProblemException(Problem.notFound(
                "message " + m.uid() + " has no HTML body")));
        return ApiResponse.text(200, "text/html", html)
                .header("Content-Security-Policy", MESSAGE_HTML_POLICY)
                .header("X-Frame-Options", "SAMEORIGIN");
    }

    private ApiResponse attachment(ApiRequest request) {
        MailMessage m = find(request);
        String index = request.variable("index");
        AttachmentContent.Part part = (index.matches("0|[1-9][0-9]{0,5}")
                ? AttachmentContent.of(m.raw(), Integer.parseInt(index)) : Optional.<AttachmentContent.Part>empty())
                .orElseThrow(() -> new ProblemException(Problem.notFound(
                        "message " + m.uid() + " has no attachment " + index)));
        String type = part.contentType().matches("[a-zA-Z0-9!#$&^_.+-]+/[a-zA-Z0-9!#$&^_.+-]+")
                ? part.contentType() : "application/octet-stream";
        String name = AttachmentContent.safeFileName(part.name(), "attachment-" + index);
        // The browser must download it, never render it in the console's origin.
        return ApiResponse.bytes(200, type, part.content())
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .header("X-Content-Type-Options", "nosniff");
    }

    private ApiResponse inject(ApiRequest request) {
        String address = knownMailbox(request);
        if (request.body().length == 0) {
            throw new ProblemException(Problem.badRequest("the body must be the message, as an .eml file holds it"));
        }
        if (request.mediaType().equals("application/json")) {
            throw new ProblemException(Problem.unsupportedMediaType(
                    "send the raw message (Content-Type: message/rfc822), not JSON"));
        }
        Set<String> flags = new LinkedHashSet<>();
        request.query("flags").ifPresent(list -> {
            for (String flag : list.split(",")) {
                if (!flag.isBlank()) {
                    flags.add(flag.trim());
                }
            }
        });
        MailMessage stored;
        try {
            stored = mail.append(address, request.variable("folder"), request.body(), flags);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.invalid("invalid-message", "Cannot store the message", e.getMessage()));
        } catch (IllegalStateException e) {
            throw new ProblemException(new Problem("insufficient-storage", 507, "Insufficient storage",
                    e.getMessage(), null));
        }
        return ApiResponse.json(201, MessageViews.summary(stored)).header("Location", MessageViews.href(stored));
    }

    private ApiResponse deleteFolder(ApiRequest request) {
        String address = knownMailbox(request);
        int deleted = mail.deleteAll(address, request.variable("folder"));
        return ApiResponse.ok(Map.of("deleted", deleted));
    }

    private ApiResponse deleteMessage(ApiRequest request) {
        MailMessage m = find(request);
        if (!mail.delete(m.mailbox(), m.folder(), m.uid())) {
            throw noMessage(request);
        }
        return ApiResponse.noContent();
    }

    private ApiResponse deleteEverything(ApiRequest request) {
        mail.deleteAll();
        return ApiResponse.noContent();
    }

    /** The message the path names ({@code latest}: the folder's highest UID), or a 404. */
    MailMessage find(ApiRequest request) {
        String address = knownMailbox(request);
        String folder = request.variable("folder");
        String uid = request.variable("uid");
        if (uid.equals("latest")) {
            return mail.messages(address, folder).stream().max(Comparator.comparingLong(MailMessage::uid))
                    .orElseThrow(() -> noMessage(request));
        }
        return mail.message(address, folder, request.longVariable("uid", "message")).orElseThrow(() -> noMessage(request));
    }

    /** The path's address when the store or the tenant knows the mailbox, else a 404. */
    private String knownMailbox(ApiRequest request) {
        String address = request.variable("address");
        try {
            if (mail.mailbox(address).isPresent() || tenant.settings().mailbox(address).isPresent()) {
                return address;
            }
        } catch (IllegalArgumentException notAnAddress) {
            // answered below, as for an address nobody has
        }
        throw noMailbox(address);
    }

    private static ProblemException noMailbox(String address) {
        return new ProblemException(Problem.notFound("no mailbox " + address));
    }

    private static ProblemException noMessage(ApiRequest request) {
        return new ProblemException(Problem.notFound("no message " + request.variable("uid") + " in folder "
                + request.variable("folder") + " of " + request.variable("address")));
    }
}
