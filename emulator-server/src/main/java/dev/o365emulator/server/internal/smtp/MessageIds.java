package dev.o365emulator.server.internal.smtp;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/** The Message-ID a reply names: the client's own when it is short enough, else one Exchange-style. */
final class MessageIds {

    /** Longest Message-ID echoed in a reply; longer ones are replaced so the line stays short. */
    static final int MAX_ECHOED = 200;

    private MessageIds() {
    }

    /** The client's Message-ID if it has one short enough to echo, else null. */
    static String echoable(MessageHeaders headers) {
        return headers.messageId() != null && headers.messageId().length() <= MAX_ECHOED ? headers.messageId() : null;
    }

    /** A new id in Exchange's form: {@code <HOST0123456789ABCDEF@host.fqdn>}. */
    static String generate(String server) {
        String host = server.substring(0, server.indexOf('.'));
        return String.format(Locale.ROOT, "<%s%016X@%s>", host, ThreadLocalRandom.current().nextLong(), server);
    }
}
