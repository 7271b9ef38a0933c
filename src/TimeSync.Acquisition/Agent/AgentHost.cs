using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TimeSync.Acquisition.Agent;

/// <summary>
/// Builds the agent's generic host: systemd integration (Type=notify readiness, journal log format, SIGTERM → orderly
/// stop; inert outside systemd), console logs (simple or JSON), Ctrl-C → the same orderly stop.
/// </summary>
public static class AgentHost
{
    public static IHost Build(AgentOptions options, Action<ILoggingBuilder>? logging = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ApplicationName = "timesync-agent" });
        builder.Services.AddSystemd();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(20));
        builder.Logging.ClearProviders();
        if (options.LogFormat == "json") builder.Logging.AddJsonConsole(o => o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ");
        else builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; o.UseUtcTimestamp = true; });
        if (options.LiveView) builder.Logging.SetMinimumLevel(LogLevel.Error); // the table is the view (it lists the latest events); errors still show
        logging?.Invoke(builder.Logging);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<BenchAgentService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<BenchAgentService>());
        return builder.Build();
    }
}
