namespace OrleansAgent.AdminApi.Catalog;

/// <summary>
/// Replaces a file so that a reader or a crash sees either the old or the new content, never a mix: write a
/// temporary file beside it, flush it to disk, then rename it over the target. Earlier versions rotate to
/// <c>name.1</c> (newest) to <c>name.N</c>.
/// </summary>
public static class AtomicFile
{
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, int backups, CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await write(stream, cancellationToken);
                await stream.FlushAsync(cancellationToken);

                // Rename is atomic, but without this the renamed file may hold no data after a power cut.
                stream.Flush(flushToDisk: true);
            }

            Rotate(path, backups);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private static void Rotate(string path, int backups)
    {
        if (backups <= 0 || !File.Exists(path))
        {
            return;
        }

        for (var index = backups - 1; index >= 1; index--)
        {
            var older = $"{path}.{index}";
            if (File.Exists(older))
            {
                File.Move(older, $"{path}.{index + 1}", overwrite: true);
            }
        }

        // Copied, not moved, so the current file exists at every moment.
        File.Copy(path, $"{path}.1", overwrite: true);
    }
}
