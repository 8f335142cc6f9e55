package dev.o365emulator.server.internal.store;

/** RFC 6154 special-use attributes that Office 365 puts on its business folders in {@code LIST}. */
public enum SpecialUse {
    SENT("\\Sent"), TRASH("\\Trash"), DRAFTS("\\Drafts"), JUNK("\\Junk"), ARCHIVE("\\Archive");

    private final String imapAttribute;

    SpecialUse(String imapAttribute) {
        this.imapAttribute = imapAttribute;
    }

    /** The LIST attribute, e.g. {@code \Sent}. */
    public String imapAttribute() {
        return imapAttribute;
    }
}
