package dev.o365emulator.server.internal.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.o365emulator.server.internal.store.MailFolder.FlagOperation;
import dev.o365emulator.server.internal.tenant.MutableClock;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

abstract class MailFolderContract extends StoreContract {
    private final MailStore store = newStore(MutableClock.at("2026-03-01T10:00:00Z"));
    private final MailboxStore mailbox = store.open("adele@contoso.com");

    private StoredMessage msg(String subject) {
        return store.newMessage(("Subject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void uidsAscendAndAreNeverReusedAfterExpunge() {
        MailFolder inbox = mailbox.inbox();
        assertThat(inbox.append(msg("1"), Flags.NONE).uid()).isEqualTo(1);
        assertThat(inbox.append(msg("2"), Flags.of("\\Deleted")).uid()).isEqualTo(2);
        assertThat(inbox.append(msg("3"), Flags.of("\\Deleted")).uid()).isEqualTo(3);
        assertThat(inbox.expunge()).containsExactly(2L, 3L);
        assertThat(inbox.append(msg("4"), Flags.NONE).uid()).isEqualTo(4);
        FolderSnapshot s = inbox.snapshot();
        assertThat(s.messages()).extracting(MessageHandle::uid).containsExactly(1L, 4L);
        assertThat(s.messages()).extracting(MessageHandle::sequence).containsExactly(1, 2);
        assertThat(s.uidNext()).isEqualTo(5);
        assertThat(s.byUid(4)).map(MessageHandle::sequence).contains(2);
        assertThat(s.byUid(2)).isEmpty();
    }

    @Test
    void refusesAFlagChangeThatWouldPassTheKeywordLimitAndChangesNoMessage() {
        MailFolder inbox = mailbox.inbox();
        List<String> many = new ArrayList<>();
        for (int i = 0; i < Flags.MAX_KEYWORDS; i++) {
            many.add("k" + i);
        }
        inbox.append(msg("1"), Flags.NONE);
        inbox.append(msg("2"), Flags.of(many));
        assertThatThrownBy(() -> inbox.storeFlags(List.of(1L, 2L), FlagOperation.ADD, Flags.of("\\Seen", "extra")))
                .isInstanceOf(FolderException.class);
        assertThat(inbox.snapshot().messages()).extracting(MessageHandle::flags).containsExactly(Flags.NONE, Flags.of(many));
    }

    @Test
    void uidValidityChangesWhenAFolderIsDeletedAndCreatedAgain() {
        MailFolder first = mailbox.create("Projects");
        first.append(msg("a"), Flags.NONE);
        mailbox.delete("Projects");
        MailFolder second = mailbox.create("projects");
        assertThat(second.uidValidity()).isNotEqualTo(first.uidValidity());
        assertThat(second.exists()).isZero();
        assertThat(second.append(msg("b"), Flags.NONE).uid()).isEqualTo(1);
        assertThatThrownBy(() -> first.append(msg("c"), Flags.NONE)).isInstanceOf(FolderException.class)
                .extracting(e -> ((FolderException) e).reason()).isEqualTo(FolderException.Reason.DELETED);
    }

    @Test
    void flagOperationsReturnTheNewFlagsAndKeepKeywords() {
        MailFolder inbox = mailbox.inbox();
        long uid = inbox.append(msg("x"), Flags.NONE).uid();
        assertThat(inbox.storeFlags(List.of(uid), FlagOperation.ADD, Flags.of("\\seen", "$MDNSent")))
                .containsEntry(uid, Flags.of("\\Seen", "$MDNSent"));
        assertThat(inbox.storeFlags(List.of(uid, 99L), FlagOperation.REMOVE, Flags.of("\\Seen")))
                .containsOnlyKeys(uid).containsEntry(uid, Flags.of("$MDNSent"));
        assertThat(inbox.storeFlags(List.of(uid), FlagOperation.REPLACE, Flags.of("\\Flagged")).get(uid).names())
                .containsExactly("\\Flagged");
        assertThatThrownBy(() -> Flags.of("\\Recentish")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void uidExpungeRemovesOnlyTheGivenDeletedMessages() {
        MailFolder inbox = mailbox.inbox();
        for (int i = 0; i < 3; i++) {
            inbox.append(msg("m" + i), Flags.of("\\Deleted"));
        }
        assertThat(inbox.expunge(List.of(2L, 3L))).containsExactly(2L, 3L);
        assertThat(inbox.snapshot().messages()).extracting(MessageHandle::uid).containsExactly(1L);
    }

    @Test
    void copyReturnsTheUidMappingAndKeepsTheBytesAndDate() {
        MailFolder inbox = mailbox.inbox();
        MailFolder archive = mailbox.folder(SpecialUse.ARCHIVE);
        archive.append(msg("existing"), Flags.NONE);
        StoredMessage a = msg("a");
        inbox.append(a, Flags.of("\\Seen"));
        inbox.append(msg("b"), Flags.NONE);
        MailFolder.CopyResult r = inbox.copyTo(List.of(2L, 1L, 7L), archive);
        assertThat(r.destinationUidValidity()).isEqualTo(archive.uidValidity());
        assertThat(r.sourceUids()).containsExactly(1L, 2L);
        assertThat(r.destinationUids()).containsExactly(2L, 3L);
        assertThat(inbox.exists()).isEqualTo(2);
        MessageHandle copied = archive.snapshot().byUid(2).orElseThrow();
        assertThat(copied.message().raw()).isEqualTo(a.raw());
        assertThat(copied.message().internalDate()).isEqualTo(a.internalDate());
        assertThat(copied.flags()).isEqualTo(Flags.SEEN);
    }

    @Test
    void moveRemovesFromTheSourceAndTellsItsListeners() {
        MailFolder inbox = mailbox.inbox();
        MailFolder trash = mailbox.folder(SpecialUse.TRASH);
        inbox.append(msg("a"), Flags.NONE);
        inbox.append(msg("b"), Flags.NONE);
        List<String> events = new ArrayList<>();
        inbox.subscribe(new FolderListener() {
            @Override
            public void messagesExpunged(MailFolder folder, List<Long> uids) {
                events.add("expunged " + uids);
            }
        });
        MailFolder.CopyResult r = inbox.moveTo(List.of(1L), trash);
        assertThat(r.sourceUids()).containsExactly(1L);
        assertThat(r.destinationUids()).containsExactly(1L);
        assertThat(inbox.snapshot().messages()).extracting(MessageHandle::uid).containsExactly(2L);
        assertThat(trash.exists()).isEqualTo(1);
        assertThat(events).containsExactly("expunged [1]");
    }

    @Test
    void listenersHearAdditionsFlagChangesAndExpungesInOrder() {
        MailFolder inbox = mailbox.inbox();
        inbox.append(msg("before"), Flags.NONE);
        List<String> events = new ArrayList<>();
        FolderListener listener = new FolderListener() {
            @Override
            public void messageAdded(MailFolder folder, MessageHandle message) {
                events.add("added " + message.uid() + " seq " + message.sequence());
            }

            @Override
            public void flagsChanged(MailFolder folder, long uid, Flags flags) {
                events.add("flags " + uid + " " + flags);
            }

            @Override
            public void messagesExpunged(MailFolder folder, List<Long> uids) {
                events.add("expunged " + uids);
            }
        };
        FolderSnapshot start = inbox.subscribe(listener);
        assertThat(start.exists()).isEqualTo(1);
        inbox.append(msg("after"), Flags.NONE);
        inbox.storeFlags(List.of(2L), FlagOperation.ADD, Flags.of("\\Deleted"));
        inbox.storeFlags(List.of(2L), FlagOperation.ADD, Flags.of("\\Deleted"));
        inbox.expunge();
        inbox.unsubscribe(listener);
        inbox.append(msg("unheard"), Flags.NONE);
        assertThat(events).containsExactly("added 2 seq 2", "flags 2 \\Deleted", "expunged [2]");
    }

    @Test
    void aFailingListenerDoesNotStopTheChangeOrOtherListeners() {
        MailFolder inbox = mailbox.inbox();
        List<Long> heard = new ArrayList<>();
        inbox.subscribe(new FolderListener() {
            @Override
            public void messageAdded(MailFolder folder, MessageHandle message) {
                throw new IllegalStateException("boom");
            }
        });
        inbox.subscribe(new FolderListener() {
            @Override
            public void messageAdded(MailFolder folder, MessageHandle message) {
                heard.add(message.uid());
            }
        });
        assertThat(inbox.append(msg("x"), Flags.NONE).uid()).isEqualTo(1);
        assertThat(heard).containsExactly(1L);
    }

    @Test
    void folderRefusesMessagesBeyondItsLimit() {
        MailStore small = newStore(MutableClock.at("2026-03-01T10:00:00Z"), 2, 10);
        MailFolder inbox = small.open("a@contoso.com").inbox();
        inbox.append(msg("1"), Flags.NONE);
        inbox.append(msg("2"), Flags.NONE);
        assertThatThrownBy(() -> inbox.append(msg("3"), Flags.NONE)).isInstanceOf(FolderException.class);
        Map<Long, Flags> none = inbox.storeFlags(List.of(), FlagOperation.ADD, Flags.SEEN);
        assertThat(none).isEmpty();
    }

    @Test
    void moveToADeletedFolderKeepsTheMessages() {
        MailFolder inbox = mailbox.inbox();
        inbox.append(msg("keep"), Flags.NONE);
        MailFolder gone = mailbox.create("Gone");
        mailbox.delete("Gone");
        assertThatThrownBy(() -> inbox.moveTo(List.of(1L), gone)).isInstanceOf(FolderException.class);
        assertThat(inbox.exists()).isEqualTo(1);
    }
}
