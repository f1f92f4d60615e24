using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OrleansAgent.Grains.Sources.Files;

/// <summary>The device and inode of a file: what stays the same across a rename and changes when a new file
/// is created under the old name.</summary>
/// <param name="Device">The device number (major and minor packed as <c>major &lt;&lt; 32 | minor</c>).</param>
/// <param name="Inode">The inode number.</param>
internal readonly record struct FileIdentity(ulong Device, ulong Inode)
{
    /// <summary>The value used where the platform gives no identity. Matching then falls back to the path and
    /// the fingerprint.</summary>
    public static FileIdentity Unknown => default;

    public bool IsKnown => Device != 0 || Inode != 0;

    public override string ToString() => $"{Device}:{Inode}";
}

/// <summary>Reads <see cref="FileIdentity"/> with the Linux <c>statx</c> system call, which has the same
/// structure layout on every architecture. Other platforms get <see cref="FileIdentity.Unknown"/>.</summary>
internal static partial class FileIdentityReader
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxIno = 0x100;
    private const int StatxBufferSize = 256;
    private const int InodeOffset = 32;
    private const int DevMajorOffset = 136;
    private const int DevMinorOffset = 140;

    private static volatile bool s_unavailable = !OperatingSystem.IsLinux();

    /// <summary>Returns the identity of the file open in <paramref name="handle"/>, so the identity and the
    /// bytes read always belong to the same file even when the path is renamed meanwhile.</summary>
    public static FileIdentity Read(SafeFileHandle handle)
    {
        if (s_unavailable)
        {
            return FileIdentity.Unknown;
        }

        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            var fd = (int)handle.DangerousGetHandle();
            return Statx(fd, "", AtEmptyPath);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Returns the identity of the file at <paramref name="path"/> without opening it, or
    /// <c>null</c> when the file no longer exists.</summary>
    public static FileIdentity? Read(string path)
    {
        if (s_unavailable)
        {
            return File.Exists(path) ? FileIdentity.Unknown : null;
        }

        try
        {
            return Statx(AtFdCwd, path, 0);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static unsafe FileIdentity Statx(int dirFd, string path, int flags)
    {
        var buffer = stackalloc byte[StatxBufferSize];
        int result;
        try
        {
            result = NativeStatx(dirFd, path, flags, StatxIno, buffer);
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            // An old or non-glibc C library without statx: fall back to path and fingerprint matching.
            s_unavailable = true;
            return FileIdentity.Unknown;
        }

        if (result != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            const int enoent = 2;
            const int enosys = 38;
            if (errno == enoent)
            {
                throw new FileNotFoundException($"File '{path}' does not exist.", path);
            }

            if (errno == enosys)
            {
                // Kernels before 4.11 have no statx.
                s_unavailable = true;
                return FileIdentity.Unknown;
            }

            const int eacces = 13;
            if (errno == eacces)
            {
                throw new UnauthorizedAccessException($"Access to '{path}' is denied: {Marshal.GetPInvokeErrorMessage(errno)}.");
            }

            throw new IOException($"statx failed for '{path}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }

        var span = new ReadOnlySpan<byte>(buffer, StatxBufferSize);
        // The kernel fills the structure in native byte order.
        var inode = MemoryMarshal.Read<ulong>(span[InodeOffset..]);
        var major = MemoryMarshal.Read<uint>(span[DevMajorOffset..]);
        var minor = MemoryMarshal.Read<uint>(span[DevMinorOffset..]);
        return new FileIdentity(((ulong)major << 32) | minor, inode);
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int NativeStatx(int dirFd, string path, int flags, uint mask, byte* buffer);
}
