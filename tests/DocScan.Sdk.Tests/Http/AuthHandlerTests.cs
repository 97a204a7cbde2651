using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Sdk.Http;
using RichardSzalay.MockHttp;

namespace DocScan.Sdk.Tests.Http;

public class AuthHandlerTests
{
    private static readonly RequestStateKey<string> Secret = new("Test.Secret");

    [Fact]
    public async Task A_request_declared_without_credentials_is_sent_untouched_whatever_its_method()
    {
        var authenticator = new RecordingAuthenticator();
        using var invoker = Invoker(authenticator, out var mock);
        mock.When("https://vendor.test/x").Respond(HttpStatusCode.OK);
        using var request = Message(HttpMethod.Post, requiresAuth: false, new RequestState());

        using var response = await invoker.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(0, authenticator.Calls);
        Assert.False(request.Headers.Contains("X-Test"));
    }

    [Fact]
    public async Task A_get_request_that_needs_credentials_is_authenticated_from_its_request_state()
    {
        var authenticator = new RecordingAuthenticator();
        using var invoker = Invoker(authenticator, out var mock);
        mock.When("https://vendor.test/x").WithHeaders("X-Test", "from-state").Respond(HttpStatusCode.OK);
        var state = new RequestState();
        state.Set(Secret, "from-state");
        using var request = Message(HttpMethod.Get, requiresAuth: true, state);

        using var response = await invoker.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, authenticator.Calls);
    }

    private static HttpMessageInvoker Invoker(RequestAuthenticator authenticator, out MockHttpMessageHandler mock)
    {
        mock = new MockHttpMessageHandler();
        mock.Fallback.Respond(HttpStatusCode.NotFound);
        return new HttpMessageInvoker(new AuthHandler(authenticator) { InnerHandler = mock });
    }

    private static HttpRequestMessage Message(HttpMethod method, bool requiresAuth, RequestState state)
    {
        return new VendorRequestMessage(method, new Uri("https://vendor.test/x"), new RequestInfo("Test", "Op", 1, owner: null, permit: null, requiresAuth, state));
    }

    private sealed class RecordingAuthenticator : RequestAuthenticator
    {
        public int Calls { get; private set; }

        public override ValueTask AuthenticateAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            request.Headers.TryAddWithoutValidation("X-Test", RequestInfo.Of(request)?.State.Get(Secret) ?? "none");
            return default;
        }
    }
}
