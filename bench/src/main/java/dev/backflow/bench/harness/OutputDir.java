package dev.backflow.bench.harness;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** A command's output directory: checked before anything runs, and created for the commands that write into it. */
public final class OutputDir {
    private OutputDir() {}

    /**
     * The output directory must be usable before anything runs: not a file, and writable (tried, not guessed,
     * so that a read-only file system counts too); -rff's file likewise.
     */
    public static void check(Path target, Path extraResult) {
        if (Files.exists(target) && !Files.isDirectory(target)) {
            throw new BadInput("--out " + target + " is a file, not a directory");
        }
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new BadInput("--out " + target + ": cannot create " + target.getParent() + " (" + why(e) + ")");
        }
        writable(target.getParent(), "--out " + target + ": cannot write beside it, in " + target.getParent());
        if (Files.isDirectory(target)) {
            writable(target, "--out " + target + ": cannot write into it");
        }
        if (extraResult != null) {
            Path file = extraResult.toAbsolutePath().normalize();
            if (Files.isDirectory(file)) {
                throw new BadInput("-rff " + extraResult + " is a directory, not a file");
            }
            if (!Files.isDirectory(file.getParent())) {
                throw new BadInput("-rff " + extraResult + ": no directory " + file.getParent());
            }
            writable(file.getParent(), "-rff " + extraResult + ": cannot write into " + file.getParent());
        }
    }

    /**
     * {@link #check} for a command that writes straight into its output directory (paired, tune), which
     * is then created.
     *
     * @return the directory, absolute
     */
    public static Path prepare(Path out) {
        Path target = out.toAbsolutePath().normalize();
        check(target, null);
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new BadInput("--out " + target + ": cannot create it (" + why(e) + ")");
        }
        return target;
    }

    /** An I/O failure in words, without the exception's class: "permission denied: /x", "No space left on device". */
    public static String why(IOException e) {
        String file = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : null;
        String what = switch (e) {
            case FileAlreadyExistsException x -> "a file is in the way";
            case AccessDeniedException x -> "permission denied";
            case NoSuchFileException x -> "no such file or directory";
            case FileSystemException x -> x.getReason();
            default -> e.getMessage();
        };
        return (what == null ? e.getClass().getSimpleName() : what) + (file == null ? "" : ": " + file);
    }

    private static void writable(Path dir, String problem) {
        try {
            Files.delete(Files.createTempFile(dir, ".backflow-write-check-", ""));
        } catch (IOException e) {
            throw new BadInput(problem + " (" + why(e) + ")");
        }
    }
}
