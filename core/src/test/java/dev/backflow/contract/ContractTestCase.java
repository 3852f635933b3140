package dev.backflow.contract;

import dev.backflow.internal.Split;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;

/**
 * The base of the contract's tests, after Lucene's base test cases: each runs on {@link #implementation()},
 * the scalar kernels here, and simd's VectorContractTest runs the same tests on the vector kernels by naming
 * them; every test ends with the measured split grain back, whatever it lowered the grain to.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ContractTestCase {

    /** The implementation under test. */
    protected String implementation() {
        return "scalar";
    }

    @AfterEach
    void restoreTheMeasuredGrain() {
        Split.overrideGrainForTests(0);
    }
}
