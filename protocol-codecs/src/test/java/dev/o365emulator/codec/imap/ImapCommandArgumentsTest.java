package dev.o365emulator.codec.imap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.o365emulator.codec.imap.FetchAttribute.BodySection;
import dev.o365emulator.codec.imap.FetchAttribute.Partial;
import dev.o365emulator.codec.imap.FetchAttribute.SectionText;
import dev.o365emulator.codec.imap.FetchAttribute.Simple;
import dev.o365emulator.codec.imap.ImapCommandArguments.Copy;
import dev.o365emulator.codec.imap.ImapCommandArguments.Expunge;
import dev.o365emulator.codec.imap.ImapCommandArguments.Fetch;
import dev.o365emulator.codec.imap.ImapCommandArguments.Invalid;
import dev.o365emulator.codec.imap.ImapCommandArguments.Search;
import dev.o365emulator.codec.imap.ImapCommandArguments.Store;
import dev.o365emulator.codec.imap.ImapCommandArguments.StoreMode;
import dev.o365emulator.codec.imap.SearchKey.Contains;
import dev.o365emulator.codec.imap.SearchKey.Field;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The typed arguments the decoder attaches to the commands that address messages. */
class ImapCommandArgumentsTest {

    @Test
    void typesFetchAndUidFetchAlike() {
        Fetch plain = (Fetch) typed("a1 FETCH 1:3,7 (FLAGS BODY.PEEK[HEADER.FIELDS (FROM)]<0.100>)\r\n");
        Fetch uid = (Fetch) typed("a2 UID fetch 4:* FLAGS\r\n");

        assertThat(plain.set()).isEqualTo(SequenceSet.parse("1:3,7"));
        assertThat(plain.attributes()).containsExactly(Simple.FLAGS, new BodySection(true, List.of(),
                SectionText.HEADER_FIELDS, List.of("FROM"), new Partial(0, 100)));
        assertThat(uid.set()).isEqualTo(SequenceSet.parse("4:*"));
        assertThat(uid.attributes()).containsExactly(Simple.FLAGS);
    }

    @Test
    void expandsTheFetchMacros() {
        assertThat(((Fetch) typed("a1 FETCH 1 FAST\r\n")).attributes())
                .containsExactly(Simple.FLAGS, Simple.INTERNALDATE, Simple.RFC822_SIZE);
    }

    @Test
    void typesSearchWithItsCharsetAndALiteral() {
        Search search = (Search) typed("a1 UID SEARCH CHARSET UTF-8 SUBJECT {7+}\r\nGrüße UNSEEN\r\n");

        assertThat(search.charset()).isEqualTo("UTF-8");
        assertThat(search.key().keys()).containsExactly(new Contains(Field.SUBJECT, "Grüße"), SearchKey.Simple.UNSEEN);
    }

    @Test
    void typesStoreInEveryForm() {
        assertThat(typed("a1 STORE 1 +FLAGS.SILENT (\\Seen $Label1)\r\n")).isEqualTo(
                new Store(SequenceSet.parse("1"), StoreMode.ADD, true, List.of("\\Seen", "$Label1")));
        assertThat(typed("a2 UID STORE 2:4 -flags \\Deleted \\Flagged\r\n")).isEqualTo(
                new Store(SequenceSet.parse("2:4"), StoreMode.REMOVE, false, List.of("\\Deleted", "\\Flagged")));
        assertThat(typed("a3 STORE * FLAGS ()\r\n")).isEqualTo(
                new Store(SequenceSet.parse("*"), StoreMode.REPLACE, false, List.of()));
    }

    @Test
    void readsNilInAStoreAsTheKeywordItSpells() {
        // flag-keyword is an atom, and NIL is one: only where an nstring is expected does it mean nothing.
        assertThat(typed("a4 STORE 1 +FLAGS NIL\r\n")).isEqualTo(
                new Store(SequenceSet.parse("1"), StoreMode.ADD, false, List.of("NIL")));
        assertThat(typed("a5 STORE 1 FLAGS (\\Seen NIL)\r\n")).isEqualTo(
                new Store(SequenceSet.parse("1"), StoreMode.REPLACE, false, List.of("\\Seen", "NIL")));
    }

    @Test
    void typesCopyMoveAndUidExpunge() {
        assertThat(typed("a1 COPY 1:2 \"Sent Items\"\r\n")).isEqualTo(new Copy(SequenceSet.parse("1:2"), "Sent Items"));
        assertThat(typed("a2 UID MOVE 5 Entw&APw-rfe\r\n")).isEqualTo(new Copy(SequenceSet.parse("5"), "Entw&APw-rfe"));
        assertThat(typed("a3 UID EXPUNGE 3:9\r\n")).isEqualTo(new Expunge(SequenceSet.parse("3:9")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "a1 FETCH 1\r\n",
        "a1 FETCH 0 FLAGS\r\n",
        "a1 FETCH \"1\" FLAGS\r\n",
        "a1 FETCH 1 (FLAGS \"UID\")\r\n",
        "a1 FETCH 1 BODY[NOPE]\r\n",
        "a1 UID FETCH 1:* ()\r\n",
        "a1 SEARCH\r\n",
        "a1 SEARCH SINCE 31-Feb-2024\r\n",
        "a1 SEARCH NOT\r\n",
        "a1 STORE 1 FLAGS\r\n",
        "a1 STORE 1 XFLAGS (\\Seen)\r\n",
        "a1 STORE 1 FLAGS (\"\\\\Seen\")\r\n",
        "a1 COPY 1 NIL\r\n",
        "a1 MOVE 1 (INBOX)\r\n",
        "a1 COPY 1:2:3 INBOX\r\n",
        "a1 UID EXPUNGE\r\n",
        "a1 UID EXPUNGE 1 2\r\n",
    })
    void saysWhyArgumentsOutsideTheGrammarAreInvalid(String line) {
        ImapRequest request = decode(line);

        assertThat(request.decoderResult().isSuccess()).isTrue();
        assertThat(request.typedArguments()).isInstanceOf(Invalid.class);
        assertThat(((Invalid) request.typedArguments()).reason()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a1 NOOP\r\n", "a1 EXPUNGE\r\n", "a1 SELECT INBOX\r\n", "a1 UID\r\n", "a1 UID NOPE 1\r\n",
        "a1 UID (FETCH) 1 FLAGS\r\n"})
    void leavesOtherCommandsUntyped(String line) {
        assertThat(decode(line).typedArguments()).isNull();
    }

    @Test
    void aFailedRequestHasNoTypedArguments() {
        ImapRequest failed = decode("a1 FETCH 1 (FLAGS\r\n");

        assertThat(failed.decoderResult().isFailure()).isTrue();
        assertThat(failed.typedArguments()).isNull();
    }

    @Test
    void theSameLineSplitAtEveryByteIsTypedTheSame() {
        byte[] input = "a1 UID FETCH 1:* (UID BODY.PEEK[1.2.MIME])\r\na2 SEARCH OR FROM joe TO ann\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        List<ImapCommandArguments> whole = typedAll(input, input.length);
        assertThat(whole).hasSize(2).doesNotContainNull().noneMatch(Invalid.class::isInstance);
        for (int split = 1; split < input.length; split++) {
            assertThat(typedAll(input, split)).as("split at %d", split).isEqualTo(whole);
        }
    }

    @Test
    void aRequestBuiltByHandIsTypedAsADecodedOneIs() {
        ImapRequest built = new ImapRequest("a1", "FETCH",
                List.of(new ImapArgument.Atom("2"), new ImapArgument.Atom("UID")));

        assertThat(built.typedArguments()).isEqualTo(decode("a1 FETCH 2 UID\r\n").typedArguments());
    }

    private static ImapCommandArguments typed(String line) {
        ImapRequest request = decode(line);
        assertThat(request.decoderResult().isSuccess()).as(request.toString()).isTrue();
        return request.typedArguments();
    }

    private static ImapRequest decode(String line) {
        EmbeddedChannel channel = new EmbeddedChannel(new ImapResponseEncoder(), new ImapRequestDecoder());
        try {
            channel.writeInbound(Unpooled.copiedBuffer(line, StandardCharsets.UTF_8));
            return channel.readInbound();
        } finally {
            channel.finishAndReleaseAll();
        }
    }

    private static List<ImapCommandArguments> typedAll(byte[] input, int split) {
        EmbeddedChannel channel = new EmbeddedChannel(new ImapResponseEncoder(), new ImapRequestDecoder());
        try {
            channel.writeInbound(Unpooled.copiedBuffer(input, 0, split));
            if (split < input.length) {
                channel.writeInbound(Unpooled.copiedBuffer(input, split, input.length - split));
            }
            List<ImapCommandArguments> out = new ArrayList<>();
            for (Object msg = channel.readInbound(); msg != null; msg = channel.readInbound()) {
                out.add(((ImapRequest) msg).typedArguments());
            }
            return out;
        } finally {
            channel.finishAndReleaseAll();
        }
    }
}
