namespace Kappa.Contracts.Avro;

/// <summary>An Avro duration: independent months, days and milliseconds (each an unsigned 32-bit count).</summary>
/// <param name="Months">Number of months.</param>
/// <param name="Days">Number of days.</param>
/// <param name="Milliseconds">Number of milliseconds.</param>
public readonly record struct AvroDuration(uint Months, uint Days, uint Milliseconds);
