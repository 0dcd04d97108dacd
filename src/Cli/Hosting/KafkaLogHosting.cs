using System.Globalization;
using Kappa.Log.Abstractions;
using Kappa.Log.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kappa.Cli.Hosting;

/// <summary>
/// Registers <see cref="KafkaLog"/> as the server's <see cref="ILog"/>. Settings come from configuration section
/// <c>Kafka</c> (appsettings, or the environment as <c>Kafka__...</c>): the named <see cref="KafkaOptions"/> settings,
/// and every other key as a librdkafka property, with '_' read as '.' so that <c>Kafka__security_protocol=SASL_SSL</c>
/// works in any shell. <c>--kafka</c> gives the bootstrap servers; options are validated when the host starts.
/// </summary>
internal static class KafkaLogHosting
{
    public static IServiceCollection AddKafkaLog(this IServiceCollection services, IConfiguration configuration, string bootstrapServers, int defaultPartitions)
    {
        services.AddOptions<KafkaOptions>()
            .Configure(options =>
            {
                Bind(configuration.GetSection("Kafka"), options);
                options.BootstrapServers = bootstrapServers;
                options.DefaultPartitions = defaultPartitions;
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<KafkaOptions>, KafkaOptionsValidator>();
        services.AddSingleton<ILog>(sp => KafkaLog.Connect(sp.GetRequiredService<IOptions<KafkaOptions>>().Value));
        return services;
    }

    /// <summary>Reads the section into <paramref name="options"/>; unknown keys are librdkafka properties.</summary>
    public static void Bind(IConfigurationSection section, KafkaOptions options)
    {
        foreach (var entry in section.GetChildren())
        {
            if (entry.Value is not { } value)
            {
                continue;
            }

            try
            {
                Set(options, entry.Key, value);
            }
            catch (FormatException e)
            {
                throw new LogException($"configuration Kafka:{entry.Key} = '{value}' is invalid: {e.Message}");
            }
            catch (OverflowException e)
            {
                throw new LogException($"configuration Kafka:{entry.Key} = '{value}' is out of range: {e.Message}");
            }
        }
    }

    private static void Set(KafkaOptions options, string key, string value)
    {
        switch (key.ToUpperInvariant())
        {
            case "BOOTSTRAPSERVERS":
                options.BootstrapServers = value;
                break;
            case "DEFAULTPARTITIONS":
                options.DefaultPartitions = int.Parse(value, CultureInfo.InvariantCulture);
                break;
            case "REPLICATIONFACTOR":
                options.ReplicationFactor = short.Parse(value, CultureInfo.InvariantCulture);
                break;
            case "REQUESTTIMEOUT":
                options.RequestTimeout = TimeSpan.Parse(value, CultureInfo.InvariantCulture);
                break;
            case "DESCRIBETOPICCONFIGS":
                options.DescribeTopicConfigs = bool.Parse(value);
                break;
            case "USEGROUPADMINAPI":
                options.UseGroupAdminApi = bool.Parse(value);
                break;
            default:
                options.Properties[key.Replace('_', '.')] = value;
                break;
        }
    }

    private sealed class KafkaOptionsValidator : IValidateOptions<KafkaOptions>
    {
        public ValidateOptionsResult Validate(string? name, KafkaOptions options)
        {
            try
            {
                options.Validate();
                return ValidateOptionsResult.Success;
            }
            catch (ArgumentException e)
            {
                return ValidateOptionsResult.Fail(e.Message);
            }
        }
    }
}
