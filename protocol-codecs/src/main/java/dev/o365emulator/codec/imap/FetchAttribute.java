package dev.o365emulator.codec.imap;

import java.util.List;

/** One data item a FETCH asks for, as parsed by {@link FetchAttributes#parse(ImapArgument)}. */
public sealed interface FetchAttribute permits FetchAttribute.Simple, FetchAttribute.BodySection {

    /** The items without parameters. {@code BODY} alone is the non-extensible body structure. */
    enum Simple implements FetchAttribute {
        FLAGS, INTERNALDATE, RFC822, RFC822_SIZE, RFC822_HEADER, RFC822_TEXT, ENVELOPE, BODY, BODYSTRUCTURE, UID
    }

    /** What part of a body section is asked for; {@code WHOLE} is {@code BODY[]} or {@code BODY[1.2]}. */
    enum SectionText {
        WHOLE, HEADER, HEADER_FIELDS, HEADER_FIELDS_NOT, TEXT, MIME
    }

    /**
     * {@code BODY[section]<partial>} or {@code BODY.PEEK[...]}.
     *
     * @param peek whether {@code \Seen} must not be set ({@code BODY.PEEK})
     * @param part the MIME part path ({@code 1.2} is {@code [1, 2]}); empty for the whole message
     * @param fields the header names of {@code HEADER.FIELDS} / {@code HEADER.FIELDS.NOT}, else empty
     * @param partial the {@code <offset.length>} range, or {@code null}
     */
    record BodySection(boolean peek, List<Integer> part, SectionText text, List<String> fields, Partial partial)
            implements FetchAttribute {

        public BodySection {
            part = List.copyOf(part);
            fields = List.copyOf(fields);
        }
    }

    /** {@code <offset.length>}: at most {@code length} octets starting at {@code offset}. */
    record Partial(long offset, long length) {
    }
}
