package dev.o365emulator.server.internal.imap;

import static dev.o365emulator.server.internal.imap.ImapArguments.require;

import dev.o365emulator.codec.imap.ImapArgument;
import dev.o365emulator.codec.imap.ImapRequest;
import dev.o365emulator.codec.imap.ImapUntaggedResponse;
import dev.o365emulator.server.internal.store.Flags;
import dev.o365emulator.server.internal.store.MailFolder;
import dev.o365emulator.server.internal.store.MailboxStore;
import dev.o365emulator.server.internal.store.MessageHandle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * LIST and LSUB (subscribed folders only), with Exchange's attributes: {@code \Marked} on an INBOX with
 * unseen mail, {@code \HasChildren}/{@code \HasNoChildren}, and the special-use attributes even though
 * SPECIAL-USE is not advertised.
 */
final class ListHandler implements ImapCommandHandler {

    @Override
    public void handle(ImapConnection c, ImapCommand command, ImapRequest request) {
        List<ImapArgument> args = request.arguments();
        require(args.size() == 2 && args.get(0).stringValue() != null && args.get(1).stringValue() != null);
        // Names are matched in Unicode, as stored: the client spells them in modified UTF-7.
        String reference = listName(args.get(0).stringValue());
        String pattern = listName(args.get(1).stringValue());
        boolean subscribedOnly = command == ImapCommand.LSUB;
        if (pattern.isEmpty()) {
            // RFC 3501 §6.3.8: an empty pattern asks for the delimiter and root.
            c.untagged(command + " (\\Noselect) \"/\" \"\"");
            c.completed(request.tag(), command);
            return;
        }
        ListPattern matcher = ListPattern.of(reference, pattern);
        List<MailboxStore.FolderInfo> folders = c.folders.list();
        Set<String> placeholders = subscribedOnly ? unsubscribedParents(folders, matcher) : Set.of();
        for (MailboxStore.FolderInfo info : folders) {
            List<String> attributes = new ArrayList<>();
            if (placeholders.contains(info.name())) {
                attributes.add("\\Noselect");
            } else if ((subscribedOnly && !info.subscribed()) || !matcher.matches(info.name())) {
                continue;
            } else {
                attributes(c, info, attributes);
            }
            ImapUntaggedResponse line = ImapUntaggedResponse.builder()
                    .text(command + " (" + String.join(" ", attributes) + ") \"/\" ")
                    .astring(ModifiedUtf7.encode(info.name())).build();
            c.send(line, line.toString());
        }
        c.completed(request.tag(), command);
    }

    /** Exchange's attributes of a folder that matched. */
    private static void attributes(ImapConnection c, MailboxStore.FolderInfo info, List<String> attributes) {
        if (info.name().equals(MailboxStore.INBOX) && hasUnseen(c.folders.inbox())) {
            attributes.add("\\Marked");
        }
        attributes.add(info.hasChildren() ? "\\HasChildren" : "\\HasNoChildren");
        info.specialUse().ifPresent(use -> attributes.add(use.imapAttribute()));
    }

    /**
     * RFC 3501 §6.3.9: when {@code %} stops a pattern above a subscribed folder, LSUB names the parent
     * that matches, with {@code \Noselect} when it is not subscribed itself. Only existing folders, in
     * the store's order (a subscribed folder's parents exist, as the store creates them).
     */
    private static Set<String> unsubscribedParents(List<MailboxStore.FolderInfo> folders, ListPattern matcher) {
        Set<String> parents = new HashSet<>();
        for (MailboxStore.FolderInfo info : folders) {
            if (!info.subscribed() || matcher.matches(info.name())) {
                continue;
            }
            String name = info.name();
            for (int slash = name.lastIndexOf('/'); slash > 0; slash = name.lastIndexOf('/', slash - 1)) {
                String parent = name.substring(0, slash);
                if (matcher.matches(parent)) {
                    parents.add(parent);
                }
            }
        }
        for (MailboxStore.FolderInfo info : folders) {
            if (info.subscribed()) {
                parents.remove(info.name());
            }
        }
        return parents;
    }

    private static String listName(String wire) {
        try {
            return ModifiedUtf7.decode(wire);
        } catch (IllegalArgumentException notModifiedUtf7) {
            return wire;
        }
    }

    private static boolean hasUnseen(MailFolder folder) {
        for (MessageHandle m : folder.snapshot().messages()) {
            if (!m.flags().contains(Flags.SystemFlag.SEEN)) {
                return true;
            }
        }
        return false;
    }
}
