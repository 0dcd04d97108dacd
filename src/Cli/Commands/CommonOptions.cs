using System.CommandLine;

namespace Kappa.Cli.Commands;

/// <summary>Options shared by the commands that talk to a running server.</summary>
internal static class CommonOptions
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public static Option<Uri> Url() => HttpUrl("--url", "The Kappa server to talk to.");

    /// <summary>An option holding an absolute http(s) URL, rejected at parse time with a clear reason otherwise.</summary>
    public static Option<Uri> HttpUrl(string name, string description) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => new Uri(DefaultUrl),
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
            if (Uri.TryCreate(text, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
            {
                return url;
            }

            result.AddError($"{name} '{text}' is not an http:// or https:// URL");
            return null;
        },
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Print JSON instead of a table.",
    };

    public static Option<string?> AdminToken() => new("--admin-token")
    {
        Description = "The admin token for admin operations; defaults to the KAPPA_ADMIN_TOKEN environment variable.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("KAPPA_ADMIN_TOKEN"),
    };
}
