using System;
using System.Security.Cryptography;
using System.Text;

namespace DocScan.Sdk;

/// <summary>
/// The vendor account a quota or a token belongs to: the vendor's name and an opaque id derived from the account's
/// identity (the API key or app id) and the endpoint. The id is a hash: it never contains or reveals the credential.
/// </summary>
/// <remarks>
/// Every client of the same vendor, endpoint and credential maps to the same account, so they share one request
/// quota and one token cache (in one process by default, across processes with a shared store such as Redis).
/// </remarks>
public sealed class DocScanAccount : IEquatable<DocScanAccount>
{
    private DocScanAccount(string vendor, string id)
    {
        Vendor = vendor;
        Id = id;
    }

    /// <summary>The vendor, as its configuration section is named (<c>ClipImg</c>, <c>ProcessImage</c> …).</summary>
    public string Vendor { get; }

    /// <summary>32 lower-case hex digits: the first 128 bits of SHA-256 over the vendor, the endpoint and the account identity.</summary>
    public string Id { get; }

    /// <summary>Derives the account of <paramref name="vendor"/> at <paramref name="endpoint"/> for <paramref name="identity"/>.</summary>
    /// <param name="vendor">The vendor's name.</param>
    /// <param name="endpoint">The vendor's base address (the same key on another server is another account), or null.</param>
    /// <param name="identity">The API key or app id; hashed, never stored. Null or empty stands for "no credential configured".</param>
    /// <returns>The account.</returns>
    /// <exception cref="ArgumentException"><paramref name="vendor"/> is null or empty.</exception>
    public static DocScanAccount For(string vendor, Uri? endpoint, string? identity)
    {
        if (string.IsNullOrEmpty(vendor))
        {
            throw new ArgumentException("A vendor name is required.", nameof(vendor));
        }

        string host = endpoint is null ? string.Empty : endpoint.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
        byte[] input = Encoding.UTF8.GetBytes(vendor + "\n" + host + "\n" + (identity ?? string.Empty));
#if NETSTANDARD2_0
        byte[] hash;
        using (var sha = SHA256.Create())
        {
            hash = sha.ComputeHash(input);
        }
#else
        byte[] hash = SHA256.HashData(input);
#endif
        var id = new StringBuilder(32);
        for (int i = 0; i < 16; i++)
        {
            id.Append(hash[i].ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return new DocScanAccount(vendor, id.ToString());
    }

    /// <inheritdoc />
    public bool Equals(DocScanAccount? other) => other is not null && other.Vendor == Vendor && other.Id == Id;

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DocScanAccount);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Id);

    /// <summary><c>Vendor:Id</c>; safe to log (no credential).</summary>
    /// <returns>The account's name.</returns>
    public override string ToString() => Vendor + ":" + Id;
}
