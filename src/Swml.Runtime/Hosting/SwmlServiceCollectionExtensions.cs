using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Swml.Runtime.Calls;

namespace Swml.Runtime.Hosting;

/// <summary>Registers SipRefer on Microsoft.Extensions.Hosting: <c>services.AddSwml().AddFlow&lt;ReferAndReport&gt;()</c>.</summary>
public static class SwmlServiceCollectionExtensions
{
    /// <summary>
    /// Adds a hosted service that serves SIP calls with the flows registered on the returned
    /// builder. Options bind from the configuration sections "Swml" (<see cref="SwmlServerOptions"/>)
    /// and "Swml:Callbacks" (<see cref="HttpStatusCallbackOptions"/>), then <paramref name="configure"/> runs.
    /// </summary>
    public static SwmlBuilder AddSwml(this IServiceCollection services, Action<SwmlServerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<SwmlServerOptions>().BindConfiguration("Swml");
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddOptions<HttpStatusCallbackOptions>().BindConfiguration("Swml:Callbacks");
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SwmlHostedService>();
        services.AddHostedService(provider => provider.GetRequiredService<SwmlHostedService>());
        return new SwmlBuilder(services);
    }
}

/// <summary>The flows and method handlers of <see cref="SwmlServiceCollectionExtensions.AddSwml"/>.</summary>
public sealed class SwmlBuilder
{
    internal SwmlBuilder(IServiceCollection services) => Services = services;

    public IServiceCollection Services { get; }

    /// <summary>A generated flow class, by default under its .swml file's name (refer_and_report).</summary>
    public SwmlBuilder AddFlow<TFlow>(string? name = null)
        where TFlow : SwmlFlow, new()
    {
        Services.AddSingleton(new FlowSetup(registry => registry.Add<TFlow>(name)));
        return this;
    }

    /// <summary>
    /// SWML files (a file, or a folder searched as swml check searches), read and checked when the
    /// host starts: a file with an error stops the start, listing its diagnostics.
    /// </summary>
    public SwmlBuilder AddFlowFiles(string fileOrDirectory)
    {
        Services.AddSingleton(new FlowSetup(registry => registry.AddFiles(fileOrDirectory), fileOrDirectory));
        return this;
    }

    /// <summary>A method the application runs itself (see <see cref="IMethodHandler"/>).</summary>
    public SwmlBuilder AddMethodHandler(IMethodHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Services.AddSingleton(handler);
        return this;
    }
}

/// <summary>One registration of flows made by <see cref="SwmlBuilder"/>, applied to the registry when the host starts.</summary>
public sealed class FlowSetup
{
    internal FlowSetup(Action<FlowRegistry> apply, string? files = null)
    {
        Apply = apply;
        Files = files;
    }

    internal Action<FlowRegistry> Apply { get; }

    /// <summary>The file or folder of SWML files, for a registration of files.</summary>
    public string? Files { get; }
}
