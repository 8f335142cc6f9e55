package dev.o365emulator.server.internal.imap;

import dev.o365emulator.codec.imap.ImapResponse;
import dev.o365emulator.codec.imap.ImapStatus;
import dev.o365emulator.codec.imap.ImapTaggedResponse;
import dev.o365emulator.codec.imap.ImapUntaggedResponse;
import dev.o365emulator.server.internal.fault.ResponseRenderer;
import dev.o365emulator.server.internal.reply.Office365Reply;
import java.util.ArrayList;
import java.util.List;

/** Renders a catalogue reply into the IMAP responses the encoder writes. */
public final class ImapReplyRenderer {

    /** A rule's reply in place of the greeting: {@code * BYE}, after which the connection closes. */
    public static final ResponseRenderer GREETING = new ResponseRenderer() {
        @Override
        public List<Object> render(Office365Reply reply) {
            return List.of(ImapUntaggedResponse.of("BYE " + greetingText(reply)));
        }

        @Override
        public List<String> transcript(Office365Reply reply) {
            return List.of("* BYE " + greetingText(reply));
        }

        @Override
        public boolean closesAfter(Office365Reply reply) {
            return true;
        }
    };

    private ImapReplyRenderer() {
    }

    /** A rule's reply to the command tagged {@code tag}. */
    public static ResponseRenderer forTag(String tag) {
        String t = tag == null ? "*" : tag;
        return new ResponseRenderer() {
            @Override
            public List<Object> render(Office365Reply reply) {
                return new ArrayList<>(responses(reply, t));
            }

            @Override
            public List<String> transcript(Office365Reply reply) {
                Office365Reply.Imap imap = form(reply);
                List<String> lines = new ArrayList<>(2);
                if (imap.kind() == Office365Reply.ImapKind.BYE) {
                    lines.add("* BYE " + imap.text());
                } else {
                    lines.add(t + " " + imap.kind() + " " + imap.text());
                    if (imap.byeAfter() != null) {
                        lines.add("* BYE " + imap.byeAfter());
                    }
                }
                return lines;
            }

            @Override
            public boolean closesAfter(Office365Reply reply) {
                return form(reply).endsConnection();
            }
        };
    }

    /**
     * The reply's IMAP form answering the command tagged {@code tag}: a tagged {@code OK}, {@code NO}
     * or {@code BAD} (followed by {@code * BYE} when the form says so), or an untagged {@code * BYE}.
     */
    public static List<ImapResponse> responses(Office365Reply reply, String tag) {
        Office365Reply.Imap imap = form(reply);
        if (imap.kind() == Office365Reply.ImapKind.BYE) {
            return List.of(untagged(reply));
        }
        ImapTaggedResponse tagged = tagged(tag, reply, null);
        return imap.byeAfter() == null ? List.of(tagged)
                : List.of(tagged, ImapUntaggedResponse.of("BYE " + imap.byeAfter()));
    }

    /**
     * The reply's IMAP form answering the command tagged {@code tag}, with a response code (e.g.
     * {@code APPENDUID 38505 3955}) or without one ({@code code} null).
     */
    public static ImapTaggedResponse tagged(String tag, Office365Reply reply, String code) {
        Office365Reply.Imap imap = form(reply);
        ImapStatus status = switch (imap.kind()) {
            case OK -> ImapStatus.OK;
            case NO -> ImapStatus.NO;
            case BAD -> ImapStatus.BAD;
            case BYE -> throw new IllegalArgumentException(reply.id() + " is a BYE, which is never tagged");
        };
        return new ImapTaggedResponse(tag, status, code, imap.text());
    }

    /** The reply's IMAP form unsolicited: {@code * OK …} (the greeting, SELECT's data), {@code * BYE …}. */
    public static ImapUntaggedResponse untagged(Office365Reply reply) {
        Office365Reply.Imap imap = form(reply);
        return ImapUntaggedResponse.of(imap.kind() + " " + imap.text());
    }

    private static Office365Reply.Imap form(Office365Reply reply) {
        if (reply.imap() == null) {
            throw new IllegalArgumentException(reply.id() + " has no IMAP form");
        }
        return reply.imap();
    }

    private static String greetingText(Office365Reply reply) {
        return reply.imap() != null ? reply.imap().text() : reply.smtp().text();
    }
}
