using System;
using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DocScan.Sdk.ProcessImage;

/// <summary>processimage.cn's MD5 signing: salt, image MD5 and the request signature.</summary>
internal static class ProcessImageSigning
{
    public const string SignHeader = "x-access-api-sign";
    public const string TokenHeader = "x-access-api-token";

    /// <summary>The smallest and largest salt: 8 digits, the first never 0 (the server parses it as an integer).</summary>
    public const int MinSalt = 10_000_000;
    public const int MaxSalt = 99_999_999;

#if NETSTANDARD2_0
    private static readonly RandomNumberGenerator Rng = RandomNumberGenerator.Create();
#endif

    /// <summary>A new salt, uniformly from 10000000–99999999.</summary>
    public static int NewSalt()
    {
#if NETSTANDARD2_0
        const uint Range = MaxSalt - MinSalt + 1;
        const uint Limit = uint.MaxValue - (uint.MaxValue % Range);
        var bytes = new byte[4];
        while (true)
        {
            Rng.GetBytes(bytes);
            uint v = BitConverter.ToUInt32(bytes, 0);
            if (v < Limit)
            {
                return MinSalt + (int)(v % Range);
            }
        }
#else
        return RandomNumberGenerator.GetInt32(MinSalt, MaxSalt + 1);
#endif
    }

    /// <summary>The lowercase hex MD5 of <paramref name="data"/>.</summary>
    public static string Md5Hex(ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[16];
#pragma warning disable CA5351 // MD5 is the vendor's protocol, not our choice.
#if NETSTANDARD2_0
        using (var md5 = MD5.Create())
        {
            md5.ComputeHash(data.ToArray()).CopyTo(hash);
        }
#else
        MD5.HashData(data, hash);
#endif
#pragma warning restore CA5351
        return ToLowerHex(hash);
    }

    /// <summary><c>md5(appId + imageMd5 + salt + appSecret)</c> as 32 lowercase hex digits. The secret's bytes are cleared after use.</summary>
    public static string Sign(string appId, string imageMd5, int salt, string appSecret)
    {
        string saltText = salt.ToString(CultureInfo.InvariantCulture);
        int length = Encoding.UTF8.GetByteCount(appId) + Encoding.UTF8.GetByteCount(imageMd5) + saltText.Length + Encoding.UTF8.GetByteCount(appSecret);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            int n = Encoding.UTF8.GetBytes(appId, 0, appId.Length, buffer, 0);
            n += Encoding.UTF8.GetBytes(imageMd5, 0, imageMd5.Length, buffer, n);
            n += Encoding.UTF8.GetBytes(saltText, 0, saltText.Length, buffer, n);
            n += Encoding.UTF8.GetBytes(appSecret, 0, appSecret.Length, buffer, n);
            return Md5Hex(buffer.AsSpan(0, n));
        }
        finally
        {
            Array.Clear(buffer, 0, length);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public static string ToLowerHex(ReadOnlySpan<byte> bytes)
    {
#if NETSTANDARD2_0
        var chars = new char[bytes.Length * 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            chars[2 * i] = Hex(bytes[i] >> 4);
            chars[(2 * i) + 1] = Hex(bytes[i] & 0xF);
        }

        return new string(chars);

        static char Hex(int v) => (char)(v < 10 ? '0' + v : 'a' + v - 10);
#else
        return Convert.ToHexStringLower(bytes);
#endif
    }
}
