package dev.o365emulator.server.internal.store.maildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A disk whose forcing of message files (those written in {@code tmp/}), or of anything (and the creation
 * of directories) once {@link #holdEveryForce()} was called, or whose reading of message files once
 * {@link #holdReads()} was called, waits until the test lets it go: a slow disk at the moment of the
 * test's choosing. It remembers the threads that forced anything, and those that read a message. A held
 * force gives up after a minute, so a store that forces on the wrong thread fails its test instead of
 * hanging the build.
 */
public final class HeldDisk implements MaildirFiles {
    private final CountDownLatch gate = new CountDownLatch(1);
    private final AtomicInteger held = new AtomicInteger();
    private final List<Thread> forcers = new CopyOnWriteArrayList<>();
    private final List<Thread> readers = new CopyOnWriteArrayList<>();
    private volatile boolean holdAll;
    private volatile boolean holdReads;
    private volatile boolean settingUp;

    @Override
    public void force(Path fileOrDirectory) throws IOException {
        Path parent = fileOrDirectory.getParent();
        boolean messageFile = parent != null && parent.getFileName().toString().equals("tmp")
                && Files.isRegularFile(fileOrDirectory);
        hold(messageFile);
        MaildirFiles.super.force(fileOrDirectory);
    }

    /** A new folder's directories are forced with the first write into it, so creating them is held too. */
    @Override
    public void createDirectories(Path directory) throws IOException {
        hold(false);
        MaildirFiles.super.createDirectories(directory);
    }

    @Override
    public byte[] read(Path file) throws IOException {
        readers.add(Thread.currentThread());
        if (holdReads && !settingUp) {
            waitForRelease();
        }
        return MaildirFiles.super.read(file);
    }

    private void hold(boolean messageFile) throws IOException {
        forcers.add(Thread.currentThread());
        if (!settingUp && (holdAll || messageFile)) {
            waitForRelease();
        }
    }

    private void waitForRelease() throws IOException {
        if (gate.getCount() > 0) {
            held.incrementAndGet();
            try {
                gate.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while held", e);
            }
        }
    }

    /** Runs the test's own set-up (filling a mailbox before any client comes) with nothing held. */
    public void settingUp(Runnable setUp) {
        settingUp = true;
        try {
            setUp.run();
        } finally {
            settingUp = false;
        }
    }

    /** From now on every force waits for {@link #release}, not only a message file's. */
    public void holdEveryForce() {
        holdAll = true;
    }

    /** From now on every read of a message's file waits for {@link #release}. */
    public void holdReads() {
        holdReads = true;
    }

    /** How many forces of a message file (or reads, once held) have waited (or wait) for {@link #release}. */
    public int held() {
        return held.get();
    }

    /** Lets every held force, and every later one, go through. */
    public void release() {
        gate.countDown();
    }

    /** Every thread that read a message's file so far. */
    public List<Thread> readers() {
        return List.copyOf(readers);
    }

    /** Every thread that forced something (or created directories) so far. */
    public List<Thread> forcers() {
        return List.copyOf(forcers);
    }
}
