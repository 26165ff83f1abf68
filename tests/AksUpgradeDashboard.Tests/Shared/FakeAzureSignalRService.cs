using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.SignalR.Protocol;

namespace AksUpgradeDashboard.Tests.Shared;

/// <summary>
/// Azure SignalR Service as far as an app server sees it, on 127.0.0.1: it accepts the server connections the SDK
/// opens (a WebSocket on /server) and answers their handshake and pings in the service protocol, so the SDK counts
/// the service as connected, and acknowledges a stopping server's shutdown. Clients are never routed to it.
/// </summary>
public sealed class FakeAzureSignalRService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServiceProtocol _protocol = new();
    private readonly CancellationTokenSource _stopping = new();  // never disposed: handlers may still link to it

    private FakeAzureSignalRService(WebApplication app) => _app = app;

    public string Endpoint => _app.Urls.Single();

    /// <summary>Server connections that completed the handshake, with the hub they were for.</summary>
    public ConcurrentQueue<string> ConnectedHubs { get; } = new();

    /// <summary>Whether every server connection came with a bearer token (signed with the AccessKey).</summary>
    public bool AllAuthorized { get; private set; } = true;

    public static async Task<FakeAzureSignalRService> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var service = new FakeAzureSignalRService(app);
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

        AllAuthorized &= context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal);
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
