package dev.o365emulator.testkit;

import java.util.List;
import java.util.function.Predicate;
import org.assertj.core.api.AbstractAssert;

/** Assertions on what a mailbox holds now; failure messages list the folder's messages. */
public final class MailboxAssert extends AbstractAssert<MailboxAssert, MailboxContents> {

    MailboxAssert(MailboxContents actual) {
        super(actual, MailboxAssert.class);
    }

    /** The folder (IMAP name) holds exactly {@code count} messages. */
    public MailboxAssert hasMessageCount(String folder, int count) {
        isNotNull();
        List<ReceivedMessage> messages = actual.messages(folder);
        if (messages.size() != count) {
            failWithMessage("Expected %d message(s) in %s/%s but found %d: %s", count, actual, folder, messages.size(),
                    messages);
        }
        return this;
    }

    /** The Inbox holds exactly {@code count} messages. */
    public MailboxAssert hasInboxCount(int count) {
        return hasMessageCount(MailboxContents.INBOX, count);
    }

    /** Sent Items holds exactly {@code count} copies of submitted messages. */
    public MailboxAssert hasSentItemsCount(int count) {
        return hasMessageCount(MailboxContents.SENT_ITEMS, count);
    }

    /** Some message of the folder matches; {@code description} names the condition in the failure message. */
    public MailboxAssert hasMessageMatching(String folder, Predicate<ReceivedMessage> condition, String description) {
        isNotNull();
        List<ReceivedMessage> messages = actual.messages(folder);
        if (messages.stream().noneMatch(condition)) {
            failWithMessage("Expected a message in %s/%s that %s but none of its %d message(s) did: %s", actual, folder,
                    description, messages.size(), messages);
        }
        return this;
    }

    /** The folder has no message that matches. */
    public MailboxAssert hasNoMessageMatching(String folder, Predicate<ReceivedMessage> condition, String description) {
        isNotNull();
        List<ReceivedMessage> matching = actual.messages(folder).stream().filter(condition).toList();
        if (!matching.isEmpty()) {
            failWithMessage("Expected no message in %s/%s that %s but found %s", actual, folder, description, matching);
        }
        return this;
    }
}
