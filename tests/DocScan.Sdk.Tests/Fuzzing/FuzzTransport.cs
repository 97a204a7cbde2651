using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace DocScan.Sdk.Tests.Fuzzing;

/// <summary>
/// One endpoint of a vendor as the fuzzer serves it: requests whose path is <see cref="Path"/> get the first of
/// <see cref="Answers"/>, or, on the fuzzed route, a mutation of one of them.
/// </summary>
internal sealed record FuzzRoute(string Path, bool Fuzzed, params Canned[] Answers);

/// <summary>
/// An in-process vendor server: answers the fuzzed route with the mutated response (every attempt, or only the first
/// when <c>firstOnly</c>), other routes with their valid answer. Misbehaving bodies honour the read's cancellation
/// token and end when the response is disposed or the server goes away, as a socket does.
/// </summary>
internal sealed class FuzzTransport : HttpMessageHandler
{
    private readonly IReadOnlyList<FuzzRoute> _routes;
    private readonly MutatedResponse _mutated;
    private readonly bool _firstOnly;
    private readonly CancellationToken _serverGone;
    private int _fuzzedRequests;
    private int _requests;

    public FuzzTransport(IReadOnlyList<FuzzRoute> routes, MutatedResponse mutated, bool firstOnly, CancellationToken serverGone)
    {
        _routes = routes;
        _mutated = mutated;
        _firstOnly = firstOnly;
        _serverGone = serverGone;
    }

    /// <summary>How many requests reached this server.</summary>
    public int Requests => Volatile.Read(ref _requests);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        if (request.Content is not null)
        {
            await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false); // a server reads the upload first
        }

        var route = _routes.FirstOrDefault(r => string.Equals(r.Path, request.RequestUri!.AbsolutePath, StringComparison.Ordinal));
        if (route is null)
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound) { RequestMessage = request, Content = new ByteArrayContent(Array.Empty<byte>()) };
        }

        MutatedResponse answer;
        if (route.Fuzzed && !(_firstOnly && Interlocked.Increment(ref _fuzzedRequests) > 1))
        {
            answer = _mutated;
        }
        else
        {
            var valid = route.Answers[0];
            answer = new MutatedResponse(valid.Status, valid.ContentType, valid.Body, Transport.Normal, 0, null, "valid");
        }

        if (answer.Transport == Transport.NoHeaders)
        {
            await FuzzStream.WaitForeverAsync(cancellationToken, _serverGone).ConfigureAwait(false);
        }

        var response = new HttpResponseMessage(answer.Status)
        {
            RequestMessage = request,
            Content = new FuzzContent(answer, _serverGone),
        };
        if (answer.RetryAfter is not null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", answer.RetryAfter);
        }

        return response;
    }
}

/// <summary>A response body that sends what the mutation says and misbehaves where it says.</summary>
internal sealed class FuzzContent : HttpContent
{
    private readonly CancellationTokenSource _disposed = new();

    public FuzzContent(MutatedResponse answer, CancellationToken serverGone)
    {
        Answer = answer;
        ServerGone = serverGone;
        if (answer.ContentType is not null)
        {
            Headers.TryAddWithoutValidation("Content-Type", answer.ContentType);
        }
    }

    public MutatedResponse Answer { get; }

    public CancellationToken ServerGone { get; }

    public CancellationToken Disposed => _disposed.Token;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var source = new FuzzStream(this);
        await source.CopyToAsync(stream, 16 * 1024, cancellationToken).ConfigureAwait(false);
    }

    protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult<Stream>(new FuzzStream(this));

    protected override bool TryComputeLength(out long length)
    {
        length = Answer.Transport switch
        {
            Transport.DeclaredShorter => Answer.CutAt,
            Transport.DeclaredHuge => Answer.CutAt % 2 == 0 ? 10L * 1024 * 1024 * 1024 : long.MaxValue,
            _ => Answer.Body.Length,
        };
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed.IsCancellationRequested)
        {
            _disposed.Cancel(); // a pending read on a disposed response ends, as it would on a closed socket
        }

        base.Dispose(disposing);
    }
}

/// <summary>The body stream of a <see cref="FuzzContent"/>.</summary>
internal sealed class FuzzStream : Stream
{
    private readonly FuzzContent _content;
    private readonly CancellationTokenSource _disposed = new();
    private int _position;

    public FuzzStream(FuzzContent content) => _content = content;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    private MutatedResponse Answer => _content.Answer;

    /// <summary>Waits until the read is cancelled (then throws as a socket read does) or the connection goes (then an <see cref="IOException"/>).</summary>
    public static async Task WaitForeverAsync(CancellationToken read, params CancellationToken[] aborts)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(aborts.Append(read).ToArray());
        try
        {
            await Task.Delay(Timeout.Infinite, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!read.IsCancellationRequested)
        {
            throw new IOException("Unable to read data from the transport connection: the connection was aborted.", new SocketException((int)SocketError.ConnectionAborted));
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        cancellationToken.ThrowIfCancellationRequested();
        int limit = Answer.Transport switch
        {
            Transport.Normal => Answer.Body.Length,
            Transport.StallAtStart => 0,
            _ => Math.Min(Answer.CutAt, Answer.Body.Length),
        };
        if (_position < limit)
        {
            int n = Math.Min(Math.Min(buffer.Length, limit - _position), 8 * 1024);
            Answer.Body.AsMemory(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        if (buffer.Length == 0)
        {
            return 0;
        }

        switch (Answer.Transport)
        {
            case Transport.StallAtStart:
            case Transport.StallMidway:
                await WaitForeverAsync(cancellationToken, _disposed.Token, _content.Disposed, _content.ServerGone).ConfigureAwait(false);
                throw new OperationCanceledException(cancellationToken);
            case Transport.DeclaredLonger:
            case Transport.DeclaredHuge:
                throw new HttpIOException(HttpRequestError.ResponseEnded, "The response ended prematurely.");
            case Transport.ResetMidway:
                throw new IOException("Unable to read data from the transport connection: Connection reset by peer.", new SocketException((int)SocketError.ConnectionReset));
            default:
                return 0;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed.IsCancellationRequested)
        {
            _disposed.Cancel();
        }

        base.Dispose(disposing);
    }
}
