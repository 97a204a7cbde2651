using System;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DocScan.Emulator.Shared;

/// <summary>Endpoint metadata: the vendor an endpoint belongs to (it answers only on that vendor's port).</summary>
internal sealed record VendorEndpoint(EmulatorVendor Vendor);

/// <summary>Endpoint metadata: an emulator control endpoint (answers on every port, not logged, no faults).</summary>
internal sealed record AdminEndpoint;

/// <summary>One vendor's side of the emulator: its endpoints and its error envelope.</summary>
internal abstract class VendorApi
{
    protected VendorApi(EmulatorState state, EmulatorVendor vendor)
    {
        State = state;
        Vendor = vendor;
    }

    public EmulatorVendor Vendor { get; }

    protected EmulatorState State { get; }

    protected TimeProvider Time => State.Time;

    /// <summary>Registers the vendor's endpoints.</summary>
    public abstract void Map(IEndpointRouteBuilder routes);

    /// <summary>The vendor's error envelope for a code and the HTTP status it comes with.</summary>
    public abstract (int Status, JsonNode Body) Error(string code, string? message);

    /// <summary>Content type of the vendor's JSON replies.</summary>
    public virtual string JsonContentType => "application/json";

    protected void Post(IEndpointRouteBuilder routes, string pattern, RequestDelegate handler)
        => routes.MapPost(pattern, handler).WithMetadata(new VendorEndpoint(Vendor));

    protected void Get(IEndpointRouteBuilder routes, string pattern, RequestDelegate handler)
        => routes.MapGet(pattern, handler).WithMetadata(new VendorEndpoint(Vendor));

    /// <summary>Base address of this vendor's port, without a trailing slash.</summary>
    protected string BaseUrl => State.BaseAddress(Vendor).ToString().TrimEnd('/');
}
