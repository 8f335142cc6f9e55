package dev.o365emulator.codec.imap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.codec.imap.FetchAttribute.BodySection;
import dev.o365emulator.codec.imap.FetchAttribute.Partial;
import dev.o365emulator.codec.imap.FetchAttribute.SectionText;
import dev.o365emulator.codec.imap.FetchAttribute.Simple;
import dev.o365emulator.codec.imap.ImapArgument.Atom;
import dev.o365emulator.codec.imap.ImapArgument.ListArgument;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FetchAttributesTest {

    @Test
    void parsesEverySimpleAttribute() {
        List<FetchAttribute> attributes = FetchAttributes.parse(list("FLAGS", "INTERNALDATE", "RFC822", "RFC822.SIZE",
                "RFC822.HEADER", "RFC822.TEXT", "ENVELOPE", "BODY", "BODYSTRUCTURE", "uid"));

        assertThat(attributes).containsExactly(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822, Simple.RFC822_SIZE,
                Simple.RFC822_HEADER, Simple.RFC822_TEXT, Simple.ENVELOPE, Simple.BODY, Simple.BODYSTRUCTURE, Simple.UID);
    }

    @Test
    void expandsTheMacros() {
        assertThat(FetchAttributes.parse(new Atom("ALL")))
                .containsExactly(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE, Simple.ENVELOPE);
        assertThat(FetchAttributes.parse(new Atom("fast")))
                .containsExactly(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE);
        assertThat(FetchAttributes.parse(new Atom("FULL")))
                .containsExactly(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE, Simple.ENVELOPE, Simple.BODY);
    }

    @Test
    void rejectsMacrosInsideAList() {
        assertThatThrownBy(() -> FetchAttributes.parse(list("FLAGS", "ALL"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesWholeBodyAndPeek() {
        assertThat(FetchAttributes.parse(new Atom("BODY[]")))
                .containsExactly(new BodySection(false, List.of(), SectionText.WHOLE, List.of(), null));
        assertThat(FetchAttributes.parse(new Atom("BODY.PEEK[]<0.2048>")))
                .containsExactly(new BodySection(true, List.of(), SectionText.WHOLE, List.of(), new Partial(0, 2048)));
    }

    @Test
    void parsesHeaderFieldsWithPartialAsThunderbirdSendsIt() {
        List<FetchAttribute> attributes = FetchAttributes.parse(list("UID", "RFC822.SIZE", "FLAGS",
                "BODY.PEEK[HEADER.FIELDS (From To Cc Bcc Subject Date Message-ID Priority X-Priority References "
                        + "Newsgroups In-Reply-To Content-Type Reply-To)]"));

        assertThat(attributes).hasSize(4);
        BodySection section = (BodySection) attributes.get(3);
        assertThat(section.peek()).isTrue();
        assertThat(section.text()).isEqualTo(SectionText.HEADER_FIELDS);
        assertThat(section.fields()).startsWith("From", "To", "Cc").endsWith("Reply-To").hasSize(14);
    }

    @Test
    void parsesPartPathsAndTheirTexts() {
        assertThat(FetchAttributes.parseItem("BODY[1.2]"))
                .isEqualTo(new BodySection(false, List.of(1, 2), SectionText.WHOLE, List.of(), null));
        assertThat(FetchAttributes.parseItem("BODY[1.2.MIME]"))
                .isEqualTo(new BodySection(false, List.of(1, 2), SectionText.MIME, List.of(), null));
        assertThat(FetchAttributes.parseItem("body.peek[3.header.fields.not (\"X-Spam\" Received)]<10.20>"))
                .isEqualTo(new BodySection(true, List.of(3), SectionText.HEADER_FIELDS_NOT,
                        List.of("X-Spam", "Received"), new Partial(10, 20)));
        assertThat(FetchAttributes.parseItem("BODY[TEXT]"))
                .isEqualTo(new BodySection(false, List.of(), SectionText.TEXT, List.of(), null));
        assertThat(FetchAttributes.parseItem("BODY[HEADER]"))
                .isEqualTo(new BodySection(false, List.of(), SectionText.HEADER, List.of(), null));
    }

    @Test
    void parsesAFetchDecodedFromTheWire() {
        ImapArgument argument = new ListArgument(List.of(new Atom("FLAGS"),
                new Atom("BODY.PEEK[HEADER.FIELDS (FROM TO SUBJECT)]<0.100>")));

        assertThat(FetchAttributes.parse(argument)).containsExactly(Simple.FLAGS, new BodySection(true, List.of(),
                SectionText.HEADER_FIELDS, List.of("FROM", "TO", "SUBJECT"), new Partial(0, 100)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"BODY[", "BODY[]]", "BODY[MIME]", "BODY[0]", "BODY[1.]", "BODY[HEADER.FIELDS]",
            "BODY[HEADER.FIELDS ()]", "BODY[]<0>", "BODY[]<0.0>", "BODY[]<a.1>", "BODY[TEXT]x", "BODYX[]",
            "RFC822.PEEK", "BODY[FOO]", "BINARY[]", "ALL"})
    void rejectsInvalidAttributes(String text) {
        assertThatThrownBy(() -> FetchAttributes.parse(new ListArgument(List.of(new Atom(text)))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAnEmptyListAndNonAtoms() {
        assertThatThrownBy(() -> FetchAttributes.parse(new ListArgument(List.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FetchAttributes.parse(new ImapArgument.QuotedString("FLAGS")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static ListArgument list(String... atoms) {
        return new ListArgument(java.util.Arrays.stream(atoms).map(Atom::new).map(ImapArgument.class::cast).toList());
    }
}
