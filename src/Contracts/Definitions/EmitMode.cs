namespace Kappa.Contracts.Definitions;

/// <summary>When a view publishes a window's row.</summary>
public enum EmitMode
{
    /// <summary>After every change: rows are provisional until their window closes.</summary>
    OnUpdate,

    /// <summary>Once, when the window closes (end plus grace, by the watermark): final results only.</summary>
    OnClose,
}
