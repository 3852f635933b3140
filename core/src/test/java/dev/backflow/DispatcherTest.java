package dev.backflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.Kernels.Registry;
import dev.backflow.spi.KernelProvider;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DispatcherTest {

    /** A usable provider whose {@code create(int)} throws what it is given. */
    record FailingProvider(String name, int priority, Throwable failure) implements KernelProvider {
        @Override
        public Optional<String> unusableReason() {
            return Optional.empty();
        }

        @Override
        public String describe() {
            return "fails on create";
        }

        @Override
        public BackwardKernels create(int threads) {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            throw (Error) failure;
        }
    }

    /** A provider that is usable or not, as told, and hands out the scalar kernels under its own name. */
    record FakeProvider(String name, int priority, String reason) implements KernelProvider {
        @Override
        public Optional<String> unusableReason() {
            return Optional.ofNullable(reason);
        }

        @Override
        public String describe() {
            return "fake " + name;
        }

        @Override
        public BackwardKernels create(int threads) {
            return Kernels.scalar();
        }
    }

    static Registry registry(KernelProvider... providers) {
        return new Registry(Arrays.stream(providers).map(Registry::evaluate).toList());
    }

    @Test
    void coreAloneChoosesScalarAndSaysHowToGetTheFastPath() {
        // core's own test class path has no other provider
        assertEquals(List.of("scalar"), Kernels.available());
        assertEquals("scalar", Kernels.best().name());
        assertSame(Kernels.scalar(), Kernels.named("scalar"));
        Kernels.Choice c = Registry.instance().choose(null);
        assertTrue(c.message().contains("backflow-simd"), c.message());
    }

    @Test
    void theFastestUsableProviderWins() {
        Kernels.Choice c = registry(new FakeProvider("fast", 10, null), new FakeProvider("faster", 20, null))
                .choose(null);
        assertTrue(c.message().contains("'faster'"), c.message());
        assertEquals(Level.INFO, c.level());
    }

    @Test
    void aFallbackIsAWarningThatSaysWhichCheckFailed() {
        Registry r = registry(new FakeProvider("vector", 10, "the module is missing; add --add-modules X"));
        Kernels.Choice c = r.choose(null);
        assertEquals(Level.WARNING, c.level());
        assertTrue(c.message().contains("'scalar'") && c.message().contains("add --add-modules X"), c.message());
        assertEquals(List.of("scalar"), r.usableNames());
    }

    @Test
    void forcingAnUnusableOrUnknownImplementationFailsLoudly() {
        Registry r = registry(new FakeProvider("vector", 10, "the module is missing"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> r.choose("vector"));
        assertTrue(e.getMessage().contains("the module is missing") && e.getMessage().contains("backflow.kernels"),
                e.getMessage());
        assertThrows(IllegalStateException.class, () -> r.choose("gpu"));
        assertEquals("scalar", r.choose("scalar").kernels().name());
    }

    @Test
    void namedListsTheAvailableNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Kernels.named("nope"));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("available here: scalar"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Kernels.named(null));
    }

    @Test
    void aProviderThatThrowsIsUnusableNotFatal() {
        KernelProvider broken = new KernelProvider() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public int priority() {
                return 5;
            }

            @Override
            public Optional<String> unusableReason() {
                throw new UnsupportedOperationException("boom");
            }

            @Override
            public String describe() {
                return "never";
            }

            @Override
            public BackwardKernels create(int threads) {
                throw new AssertionError("not usable");
            }
        };
        Registry r = registry(broken);
        assertEquals(List.of("scalar"), r.usableNames());
        assertTrue(r.report().get("broken").contains("boom"));
    }

    @Test
    void aProviderWhoseCreateRunsOutOfMemoryFallsBackWithAWarningNamingTheError() {
        Registry r = registry(new FailingProvider("vector", 100,
                new OutOfMemoryError("Java heap space")));
        assertEquals(List.of("scalar"), r.usableNames());
        Kernels.Choice c = r.choose(null);
        assertEquals(Level.WARNING, c.level());
        assertSame(Kernels.scalar(), c.kernels());
        assertTrue(c.message().contains("'vector' cannot run here")
                && c.message().contains("java.lang.OutOfMemoryError: Java heap space"), c.message());
    }

    @Test
    void everyKindOfFailureInCreateMakesTheProviderUnusable() {
        List<Throwable> failures = List.of(new IllegalStateException("state"), new NoClassDefFoundError("Gemm"),
                new ExceptionInInitializerError("init"), new StackOverflowError(), new InternalError("vm"),
                new AssertionError("a provider's bug"));
        for (Throwable f : failures) {
            Registry r = registry(new FailingProvider("vector", 100, f));
            assertEquals(List.of("scalar"), r.usableNames(), f.toString());
            assertTrue(r.report().get("vector").contains(f.getClass().getName()), r.report().toString());
        }
    }

    @Test
    void aProviderThatCannotBeNamedIsReportedAndTheFallbackIsAWarning() {
        Registry r = new Registry(List.of(),
                List.of("a kernel provider could not be loaded: java.lang.OutOfMemoryError"));
        Kernels.Choice c = r.choose(null);
        assertEquals(Level.WARNING, c.level());
        assertTrue(c.message().contains("OutOfMemoryError"), c.message());
    }
}
