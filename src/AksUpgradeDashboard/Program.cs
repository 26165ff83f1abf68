using AksUpgradeDashboard;

// Configuration and the web root are copied beside the assembly, so the build output is the content root for
// `dotnet run`, the published container and the tests alike.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddDashboard();
var app = builder.Build();
app.MapDashboard();
return await app.RunDashboardAsync();

/// <summary>Entry point; public so the tests' WebApplicationFactory can start the app.</summary>
public partial class Program;
