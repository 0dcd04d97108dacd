namespace Kappa.Processor.Aggregates;

/// <summary>
/// What every built-in aggregate definition shares: its output name, its call as written (for messages), its
/// input field and its description. Immutable.
/// </summary>
internal abstract class BuiltInAggregate : IAggregateFunction
{
    protected BuiltInAggregate(string name, string call, string? inputField, string semantics)
    {
        Name = name;
        Call = call;
        InputField = inputField;
        Description = $"{call}: {semantics}";
    }

    public string Name { get; }

    /// <summary>The aggregate as written, for example <c>sum(amount)</c>.</summary>
    public string Call { get; }

    public string Description { get; }

    public string? InputField { get; }

    public abstract IAggregateState CreateState();

    public abstract IAggregateState ReadState(ReadOnlySpan<byte> stored);

    /// <summary>An input error that names this aggregate; built only when an event is rejected.</summary>
    public AggregateInputException InputError(string problem) => new(Name, Call, problem);

    /// <summary>The state as <typeparamref name="TState"/>, or an <see cref="ArgumentException"/> naming this aggregate.</summary>
    public TState Expect<TState>(IAggregateState other)
        where TState : class, IAggregateState
        => other as TState
            ?? throw new ArgumentException($"{Call}: cannot merge a {other?.GetType().Name ?? "null"} state into a {typeof(TState).Name}", nameof(other));
}
