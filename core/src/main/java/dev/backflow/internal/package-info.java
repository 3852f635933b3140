/**
 * Backflow's internals shared between its own modules: the argument checks ({@code Checks}), the scalar
 * reference loops ({@code ScalarLoops}, {@code ScalarMatmul}), how a call is cut into parts ({@code Split}) and
 * the worker threads that run the parts ({@code Workers}).
 * Not API: the module exports this package to {@code dev.backflow.simd} only, and it may change in any release.
 */
package dev.backflow.internal;
