/**
 * What the tests of every module share, after Lucene's test framework (its {@code LuceneTestCase}): one
 * bit-for-bit float comparison ({@link dev.backflow.testing.Bits}), one error bound
 * ({@link dev.backflow.testing.ErrorBound}), one seeded array fill with the value mixes the tests draw from
 * ({@link dev.backflow.testing.RandomFloats}) and one child-JVM launcher ({@link dev.backflow.testing.ChildJvm}).
 * core's test-jar carries them; simd's and bench's tests depend on it with {@code <type>test-jar</type>}.
 */
package dev.backflow.testing;
