using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;

namespace OrleansAgent.Grains.Sources.Files;

/// <summary>A file opened for one poll. Holding the handle keeps identity, fingerprint and bytes consistent
/// even if the path is renamed or replaced while the poll runs.</summary>
internal sealed class FileCandidate : IDisposable
{
    private readonly Dictionary<int, string> _prefixHashes = [];

    private FileCandidate(string path, FileStream stream, FileIdentity identity)
    {
        Path = path;
        Stream = stream;
        Identity = identity;
        Length = stream.Length;
    }

    public string Path { get; set; }

    public FileStream Stream { get; }

    public FileIdentity Identity { get; }

    /// <summary>The size when the poll opened the file.</summary>
    public long Length { get; }

    /// <summary>Opens <paramref name="path"/> for shared reading, or returns <c>null</c> when it no longer
    /// exists.</summary>
    /// <exception cref="UnauthorizedAccessException">The file exists but cannot be read.</exception>
    public static FileCandidate? TryOpen(string path)
    {
        FileStream stream;
        try
        {
            // Delete sharing lets a writer rename or remove the file while it is open here.
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        try
        {
            return new FileCandidate(path, stream, FileIdentityReader.Read(stream.SafeFileHandle));
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Returns the hexadecimal SHA-256 of the first <paramref name="length"/> bytes, or <c>null</c>
    /// when the file is shorter.</summary>
    public string? HashPrefix(int length)
    {
        if (Length < length)
        {
            return null;
        }

        if (_prefixHashes.TryGetValue(length, out var cached))
        {
            return cached;
        }

        var buffer = new byte[length];
        var read = ReadAt(Stream.SafeFileHandle, buffer);
        var hash = read < length ? null : Convert.ToHexStringLower(SHA256.HashData(buffer));
        if (hash is not null)
        {
            _prefixHashes[length] = hash;
        }

        return hash;
    }

    public void Dispose() => Stream.Dispose();

    private static int ReadAt(SafeFileHandle handle, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = RandomAccess.Read(handle, buffer[total..], total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
