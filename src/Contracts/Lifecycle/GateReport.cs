namespace Kappa.Contracts.Lifecycle;

/// <summary>The outcome of a version's validation gates, checked against the version active at the time.</summary>
/// <param name="Passed">Whether every check passed.</param>
/// <param name="ComparedWith">The active version compared against; null when the view had none.</param>
/// <param name="Checks">Each check and its outcome.</param>
public sealed record GateReport(bool Passed, int? ComparedWith, IReadOnlyList<GateCheck> Checks);

/// <summary>One validation check.</summary>
/// <param name="Name">What was checked, e.g. <c>rows</c>, <c>total(revenue)</c>, <c>dead_letters</c>, or a user expression.</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="Detail">The numbers behind the outcome, for people.</param>
public sealed record GateCheck(string Name, bool Passed, string Detail);
