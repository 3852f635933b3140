/**
 * Backflow's internals shared between its own modules: the argument checks and the scalar reference loops.
 * Not API: the module exports this package to {@code dev.backflow.simd} only, and it may change in any release.
 */
package dev.backflow.internal;
