namespace Kappa.Replay;

/// <summary>
/// A lifecycle command that cannot be carried out as asked: an unknown view or version (404), a bad request (400),
/// or a state that forbids it (409). Nothing was changed. The HTTP layer turns it into ProblemDetails.
/// </summary>
public sealed class LifecycleCommandException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LifecycleCommandException(int status, string title, string detail)
        : base(detail)
    {
        Status = status;
        Title = title;
    }

    /// <summary>Creates the exception with a 400 status.</summary>
    public LifecycleCommandException()
        : this(400, "Bad request", "the command is invalid")
    {
    }

    /// <summary>Creates the exception with a 400 status.</summary>
    public LifecycleCommandException(string message)
        : this(400, "Bad request", message)
    {
    }

    /// <summary>Creates the exception with a 400 status.</summary>
    public LifecycleCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 400;
        Title = "Bad request";
    }

    /// <summary>The HTTP status that describes the failure.</summary>
    public int Status { get; }

    /// <summary>A short title.</summary>
    public string Title { get; }

    internal static LifecycleCommandException UnknownView(string view) =>
        new(404, "Unknown view", $"view '{view}' does not exist; GET /views lists the views");

    internal static LifecycleCommandException UnknownVersion(string view, int version) =>
        new(404, "Unknown version", $"view '{view}' has no version {version}");

    internal static LifecycleCommandException Conflict(string detail) => new(409, "Conflict", detail);

    internal static LifecycleCommandException BadRequest(string title, string detail) => new(400, title, detail);
}
