using System;

namespace DocScan.Emulator;

/// <summary>One processimage.cn asynchronous result the emulator POSTed to a callback URL (retried once when the receiver did not answer 200).</summary>
/// <param name="Url">The callback URL from the request.</param>
/// <param name="Body">The JSON body sent (the full result; <c>limitedTermExpireTimes</c> is a nested object, as the vendor's callback serialiser writes it).</param>
/// <param name="Attempts">1, or 2 when the first attempt was not answered 200.</param>
/// <param name="StatusCode">Status of the last attempt (0 when it could not connect).</param>
/// <param name="Delivered">Whether an attempt was answered 200.</param>
/// <param name="Error">The connection error of the last attempt, if any.</param>
/// <param name="CompletedAt">When the delivery finished, on the emulator's clock.</param>
public sealed record EmulatorCallback(Uri Url, string Body, int Attempts, int StatusCode, bool Delivered, string? Error, DateTimeOffset CompletedAt);
