using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.SignalR.Protocol;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AksUpgradeDashboard.Tests.Shared;

/// <summary>
/// Azure SignalR Service as far as an app server sees it, on 127.0.0.1: it accepts the server connections the SDK
/// opens (a WebSocket on /server) and answers their handshake and pings in the service protocol, so the SDK counts
/// the service as connected, and acknowledges a stopping server's shutdown. Like the service, it refuses a server
/// connection whose bearer token is not signed with the AccessKey for its own /server address. Clients are never
/// routed to it.
/// </summary>
public sealed class FakeAzureSignalRService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _accessKey;
    private readonly ServiceProtocol _protocol = new();
    private readonly CancellationTokenSource _stopping = new();  // never disposed: handlers may still link to it
    private int _refused;

    private FakeAzureSignalRService(WebApplication app, string accessKey) => (_app, _accessKey) = (app, accessKey);

    public string Endpoint => _app.Urls.Single();

    /// <summary>Server connections that completed the handshake, with the hub they were for.</summary>
    public ConcurrentQueue<string> ConnectedHubs { get; } = new();

    /// <summary>Server connections refused for a missing or wrongly signed token.</summary>
    public int Refused => Volatile.Read(ref _refused);

    public static async Task<FakeAzureSignalRService> StartAsync(string accessKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var service = new FakeAzureSignalRService(app, accessKey);
        app.UseWebSockets();
        app.Run(service.ServeAsync);
        await app.StartAsync();
        return service;
    }

    private async Task ServeAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest || !context.Request.Path.StartsWithSegments("/server", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (!await IsSignedForThisServiceAsync(context))
        {
            Interlocked.Increment(ref _refused);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        var received = new ArrayBufferWriter<byte>();
        var buffer = new byte[16 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, stopping.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                received.Write(buffer.AsSpan(0, result.Count));
                var pending = new ReadOnlySequence<byte>(received.WrittenMemory);
                while (_protocol.TryParseMessage(ref pending, out var message))
                {
                    ServiceMessage? reply = message switch
                    {
                        HandshakeRequestMessage => Connected(context),
                        // A stopping server says it is going ("shutdown", "fin:<mode>") and waits for the service's ack.
                        PingMessage { Messages: ["shutdown", string fin, ..] } when fin.StartsWith("fin", StringComparison.Ordinal) => new PingMessage { Messages = ["shutdown", "finack"] },
                        PingMessage => new PingMessage(),
                        _ => null,
                    };
                    if (reply is not null)
                    {
                        await socket.SendAsync(_protocol.GetMessageBytes(reply), WebSocketMessageType.Binary, endOfMessage: true, stopping.Token);
                    }
                }

                var rest = pending.ToArray();
                received.Clear();
                received.Write(rest);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The app server went away.
        }
    }

    private async Task<bool> IsSignedForThisServiceAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        // The SDK's audience is the endpoint's scheme and host (no port) with the server path and hub.
        var endpoint = new Uri(Endpoint);
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(header["Bearer ".Length..], new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_accessKey)),
            ValidateIssuer = false,
            AudienceValidator = (audiences, _, _) => audiences.Any(a => a.StartsWith($"{endpoint.Scheme}://{endpoint.Host}/server/?hub=", StringComparison.OrdinalIgnoreCase)),
        });
        return result.IsValid;
    }

    private HandshakeResponseMessage Connected(HttpContext context)
    {
        ConnectedHubs.Enqueue(context.Request.Query["hub"].ToString());
        return new HandshakeResponseMessage();
    }

    public async ValueTask DisposeAsync()
    {
        // Open server connections would otherwise hold Kestrel's shutdown for its whole timeout.
        await _stopping.CancelAsync();
        await _app.DisposeAsync();
    }
}
