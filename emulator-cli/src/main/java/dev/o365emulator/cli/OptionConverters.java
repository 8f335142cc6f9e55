package dev.o365emulator.cli;

import dev.o365emulator.certs.KeyAlgorithm;
import dev.o365emulator.cli.EmulatorCommand.Fsync;
import dev.o365emulator.cli.EmulatorCommand.Store;
import dev.o365emulator.server.Emulator;
import dev.o365emulator.server.PortPlan;
import dev.o365emulator.server.TlsProvider;
import java.util.Locale;
import picocli.CommandLine;

/** How the command line's values become the emulator's settings, each refusing a bad value with one clear line. */
final class OptionConverters {

    private OptionConverters() {
    }

    static final class PortPlanConverter implements CommandLine.ITypeConverter<PortPlan> {
        @Override
        public PortPlan convert(String value) {
            try {
                return PortPlan.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** A size of at least 64 KB ({@code 64MB}, {@code 512KB}, a number of bytes) for the journal. */
    static final class JournalBudgetConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            long bytes;
            try {
                bytes = dev.o365emulator.scenarios.tenant.ByteSize.parse(value).bytes();
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new CommandLine.TypeConversionException("expected a size such as 64MB, not: " + value);
            }
            if (bytes < Emulator.Builder.MIN_JOURNAL_BUDGET) {
                throw new CommandLine.TypeConversionException("at least 64KB, not: " + value);
            }
            return bytes;
        }
    }

    /** A size ({@code 512MB}, {@code 2 GB}, a number of bytes) or {@code unlimited}. */
    static final class BudgetConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            if (value.trim().equalsIgnoreCase("unlimited")) {
                return Long.MAX_VALUE;
            }
            try {
                return dev.o365emulator.scenarios.tenant.ByteSize.parse(value).bytes();
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new CommandLine.TypeConversionException(
                        "expected a size such as 512MB or 2GB, or unlimited, not: " + value);
            }
        }
    }

    static final class PositiveIntConverter implements CommandLine.ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw new CommandLine.TypeConversionException("expected a positive whole number, not: " + value);
        }
    }

    static final class TlsProviderConverter implements CommandLine.ITypeConverter<TlsProvider> {
        @Override
        public TlsProvider convert(String value) {
            try {
                return TlsProvider.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class StoreConverter implements CommandLine.ITypeConverter<Store> {
        @Override
        public Store convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "memory" -> Store.MEMORY;
                case "maildir" -> Store.MAILDIR;
                default -> throw new CommandLine.TypeConversionException("expected memory or maildir, not: " + value);
            };
        }
    }

    static final class FsyncConverter implements CommandLine.ITypeConverter<Fsync> {
        @Override
        public Fsync convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "always" -> Fsync.ALWAYS;
                case "never" -> Fsync.NEVER;
                default -> throw new CommandLine.TypeConversionException("expected always or never, not: " + value);
            };
        }
    }

    static final class KeyAlgorithmConverter implements CommandLine.ITypeConverter<KeyAlgorithm> {
        @Override
        public KeyAlgorithm convert(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "ec", "ecdsa" -> KeyAlgorithm.EC_P256;
                case "rsa" -> KeyAlgorithm.RSA_2048;
                default -> throw new CommandLine.TypeConversionException("expected ec or rsa, not: " + value);
            };
        }
    }
}
