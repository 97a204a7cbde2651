using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using DocScan.Emulator;
using DocScan.Sdk;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DocScan.Cli;

/// <summary>
/// The configuration and the clients of one run: one client per vendor for the whole run, built by the SDK's own
/// registration (<c>AddDocScanClients</c>), so the vendor's quota paces every call of the batch.
/// </summary>
/// <remarks>
/// Sources, later ones winning: user secrets, environment variables (<c>DocScan__ClipImg__ApiKey</c>), the
/// <c>--config</c> JSON file, then <c>--emulator</c> (base addresses and the emulator's credentials).
/// </remarks>
internal sealed class ClientSession : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private ClientSession(IConfiguration configuration, ServiceProvider services, DocScanEmulator? emulator)
    {
        Configuration = configuration;
        _services = services;
        Emulator = emulator;
    }

    public IConfiguration Configuration { get; }

    public DocScanEmulator? Emulator { get; }

    /// <summary>The bound options; <see cref="OptionsValidationException"/> when a section is invalid.</summary>
    public DocScanOptions Options => _services.GetRequiredService<IOptions<DocScanOptions>>().Value;

    /// <exception cref="UsageException">The <c>--config</c> file does not exist.</exception>
    /// <exception cref="ConfigurationException">The <c>--config</c> file is not valid JSON.</exception>
    public static async Task<ClientSession> CreateAsync(CliHost host, string? configFile, bool useEmulator, CancellationToken cancellationToken)
    {
        var builder = new ConfigurationBuilder();
        if (host.ReadUserSecrets)
        {
            builder.AddUserSecrets(typeof(ClientSession).Assembly, optional: true);
        }

        if (host.Environment is null)
        {
            builder.AddEnvironmentVariables();
        }
        else
        {
            builder.AddInMemoryCollection(host.Environment.Select(v => KeyValuePair.Create(v.Key.Replace("__", ":", StringComparison.Ordinal), v.Value)));
        }

        if (configFile is not null)
        {
            if (!File.Exists(configFile))
            {
                throw new UsageException($"The configuration file '{configFile}' does not exist.");
            }

            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false, reloadOnChange: false);
        }

        DocScanEmulator? emulator = null;
        if (useEmulator)
        {
            var options = host.EmulatorOptions?.Invoke() ?? new EmulatorOptions();
            emulator = await DocScanEmulator.StartAsync(options, cancellationToken);
            var settings = new Dictionary<string, string?>();
            foreach (var vendor in Vendor.All)
            {
                foreach (var (key, value) in vendor.EmulatorSettings(emulator))
                {
                    settings[$"{DocScanOptions.SectionName}:{vendor.Section}:{key}"] = value;
                }
            }

            builder.AddInMemoryCollection(settings);
        }

        if (host.Settings is not null)
        {
            builder.AddInMemoryCollection(host.Settings);
        }

        IConfiguration configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }

            throw new ConfigurationException($"The configuration file '{configFile}' cannot be read: {e.Message}");
        }

        var services = new ServiceCollection();
        services.AddDocScanClients(configuration.GetSection(DocScanOptions.SectionName));
        return new ClientSession(configuration, services.BuildServiceProvider(), emulator);
    }

    /// <summary>The client of <paramref name="vendor"/>, after checking its options and that it has credentials.</summary>
    /// <exception cref="ConfigurationException">The vendor has no credentials, or the options are invalid.</exception>
    public T Client<T>(Vendor vendor)
        where T : notnull
    {
        CheckOptions();
        if (!vendor.HasCredentials(Configuration))
        {
            throw new ConfigurationException(
                $"{vendor.DisplayName} is not configured: set {string.Join(" and ", vendor.CredentialSettings)} "
                + $"(environment {vendor.EnvironmentNames}, a --config file or user secrets), or add --emulator to try the tool without keys.");
        }

        return _services.GetRequiredService<T>();
    }

    /// <exception cref="ConfigurationException">A section is invalid: the failures name the settings, never their values.</exception>
    public void CheckOptions()
    {
        try
        {
            _ = Options;
        }
        catch (OptionsValidationException e)
        {
            throw new ConfigurationException("The DocScan configuration is invalid:", e.Failures.ToList());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }
    }
}
