namespace Kappa.Contracts.Definitions;

/// <summary>The period of a calendar window.</summary>
public enum CalendarUnit
{
    /// <summary>A clock hour in the view's time zone (offset changes make some local hours shorter or longer).</summary>
    Hour,

    /// <summary>A calendar day from local midnight (23, 24 or 25 hours around offset changes).</summary>
    Day,

    /// <summary>Seven days from local midnight of the week-start day.</summary>
    Week,

    /// <summary>A calendar month from local midnight of its first day.</summary>
    Month,
}
