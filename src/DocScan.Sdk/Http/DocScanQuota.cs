using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk;

/// <summary>One quota rule of a vendor account: at most <see cref="Permits"/> requests sent in any span of <see cref="Window"/>.</summary>
public readonly struct DocScanQuotaWindow : IEquatable<DocScanQuotaWindow>
{
    /// <summary>Creates a rule.</summary>
    /// <param name="permits">Requests allowed per window; positive.</param>
    /// <param name="window">The window, safety margin included; positive.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is not positive.</exception>
    public DocScanQuotaWindow(int permits, TimeSpan window)
    {
        if (permits <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(permits), permits, "Permits must be positive.");
        }

        if (window <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(window), window, "The window must be positive.");
        }

        Permits = permits;
        Window = window;
    }

    /// <summary>Requests allowed in any one window.</summary>
    public int Permits { get; }

    /// <summary>The length of the sliding window (the configured safety margin is already added).</summary>
    public TimeSpan Window { get; }

    /// <inheritdoc />
    public bool Equals(DocScanQuotaWindow other) => Permits == other.Permits && Window == other.Window;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is DocScanQuotaWindow other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => (Permits * 397) ^ Window.GetHashCode();

    /// <summary><c>permits/window</c>, for example <c>20/00:01:00.0500000</c>.</summary>
    /// <returns>The rule as text.</returns>
    public override string ToString() => Permits.ToString(CultureInfo.InvariantCulture) + "/" + Window.ToString("c", CultureInfo.InvariantCulture);
}

/// <summary>What a <see cref="DocScanQuotaProvider"/> needs to give a client its account's quota.</summary>
public sealed class DocScanQuotaSpec
{
    /// <summary>Creates a specification.</summary>
    /// <param name="account">The vendor account the quota belongs to.</param>
    /// <param name="windows">Every rule of the account's quota (for example 1 per second and 20 per minute); at least one.</param>
    /// <param name="queueLimit">How many calls of this process may wait; further calls fail with <see cref="DocScanErrorKind.RateLimited"/>.</param>
    /// <param name="timeProvider">The clock of the in-process implementation (tests may use a fake one).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="windows"/> is empty.</exception>
    public DocScanQuotaSpec(DocScanAccount account, IReadOnlyList<DocScanQuotaWindow> windows, int queueLimit, TimeProvider timeProvider)
    {
        Account = account ?? throw new ArgumentNullException(nameof(account));
        Windows = windows ?? throw new ArgumentNullException(nameof(windows));
        if (windows.Count == 0)
        {
            throw new ArgumentException("At least one quota window is required.", nameof(windows));
        }

        QueueLimit = queueLimit;
        TimeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>The vendor account.</summary>
    public DocScanAccount Account { get; }

    /// <summary>The rules; a request may be sent only when every one of them allows it.</summary>
    public IReadOnlyList<DocScanQuotaWindow> Windows { get; }

    /// <summary>How many calls may wait at once before further calls are refused.</summary>
    public int QueueLimit { get; }

    /// <summary>The clock of the in-process implementation.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>
    /// What else tells accounts apart in process: the transport a client was given (a test double is another
    /// server), or the container; null for clients built on the default transport.
    /// </summary>
    internal object? Scope { get; init; }

    /// <summary>The configuration section of the vendor's rate-limit settings, for error messages (<c>DocScan:ClipImg:RateLimit</c>).</summary>
    public string SettingSection => "DocScan:" + Account.Vendor + ":RateLimit";
}

/// <summary>
/// A vendor account's request quota, counted as the vendor counts it: by the moments requests are <em>sent</em>.
/// Every client of one account shares one quota; dispose the instance a provider gave you when the client is done.
/// </summary>
public abstract class DocScanQuota : IDisposable
{
    /// <summary>Waits, in order, until one more request may be sent, and grants it.</summary>
    /// <param name="cancellationToken">Cancels the wait; a cancelled wait gives its place back.</param>
    /// <returns>The permit: call <see cref="DocScanQuotaPermit.MarkSent"/> as the request goes out, and dispose it afterwards.</returns>
    /// <exception cref="DocScanException">
    /// The wait queue is full (<see cref="DocScanErrorKind.RateLimited"/>, with <see cref="DocScanException.RetryAfter"/>
    /// estimated from the queue), or a shared quota store is unreachable.
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public abstract ValueTask<DocScanQuotaPermit> AcquireAsync(CancellationToken cancellationToken);

    /// <summary>Releases this handle on the account's quota (the quota itself lives as long as any client uses it).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
    }
}

/// <summary>
/// The right to send one request. Until <see cref="MarkSent"/> is called it counts as sent "now" (in process) or at
/// its reserved time (shared stores).
/// </summary>
/// <remarks>
/// Disposed without being sent (the SDK does this only for a request that never reached the transport, such as one
/// with no credentials configured), a permit stops counting as "now". The in-process quota then counts it at the
/// time it was granted, so it may hold its place until the window has passed; the Redis provider removes its
/// reservation, giving the place back to every process (its in-process quota in front still counts it as above).
/// </remarks>
public abstract class DocScanQuotaPermit : IDisposable
{
    /// <summary>Stamps the moment the request went out, the time the vendor counts. Called by the SDK as the body starts going out, or when the send ends for a request without a body that can say so.</summary>
    public abstract void MarkSent();

    /// <summary>Settles the permit; one never marked sent stops counting as sent "now" (see the remarks on <see cref="DocScanQuotaPermit"/>).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Settles the permit.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected abstract void Dispose(bool disposing);
}

/// <summary>
/// Gives each client its account's <see cref="DocScanQuota"/>. The default, <see cref="InProcess"/>, keeps one exact
/// quota per account in this process; <c>DocScan.Sdk.Redis</c> provides one shared by every process.
/// </summary>
public abstract class DocScanQuotaProvider
{
    /// <summary>The in-process provider: every client in this process with the same account (and clock) shares one exact sliding-window quota.</summary>
    public static DocScanQuotaProvider InProcess { get; } = new DocScan.Sdk.Http.InProcessQuotaProvider();

    /// <summary>Returns a handle on the quota of <paramref name="spec"/>'s account; the caller disposes it when its client is disposed.</summary>
    /// <param name="spec">The account and its rules.</param>
    /// <returns>A handle on the account's quota.</returns>
    public abstract DocScanQuota GetQuota(DocScanQuotaSpec spec);
}
