namespace Kappa.Contracts.Definitions;

/// <summary>The local calendar period a calendar window spans, in the view's IANA time zone.</summary>
public enum CalendarUnit
{
    /// <summary>A local clock hour, <c>HH:00</c> to the next <c>HH:00</c>, split where the UTC offset changes.</summary>
    Hour,

    /// <summary>A local calendar day, from the first instant of the date to the first instant of the next.</summary>
    Day,

    /// <summary>Seven local days beginning on the configured first day of the week (ISO weeks with Monday).</summary>
    Week,

    /// <summary>A local calendar month, from the first instant of its first day to the first instant of the next month.</summary>
    Month,
}
