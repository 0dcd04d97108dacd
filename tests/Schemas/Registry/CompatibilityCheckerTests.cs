using Kappa.Contracts.Avro;
using Kappa.Contracts.Schemas;
using Kappa.Schemas.Registry;
using Xunit;

namespace Kappa.Schemas.Tests.Registry;

/// <summary>Each level's verdict on the classic evolutions, as Confluent documents them.</summary>
public sealed class CompatibilityCheckerTests
{
    private static readonly AvroSchema V1 = Record("""{"name":"id","type":"string"}""");
    private static readonly AvroSchema AddWithDefault = Record("""{"name":"id","type":"string"},{"name":"n","type":"int","default":0}""");
    private static readonly AvroSchema AddWithoutDefault = Record("""{"name":"id","type":"string"},{"name":"n","type":"int"}""");
    private static readonly AvroSchema RemoveField = Record("""{"name":"n","type":"int","default":0}""");

    [Theory]
    // Adding a field with a default: everyone reads everyone.
    [InlineData(CompatibilityLevel.Backward, "AddWithDefault", true)]
    [InlineData(CompatibilityLevel.Forward, "AddWithDefault", true)]
    [InlineData(CompatibilityLevel.Full, "AddWithDefault", true)]
    // Adding a field without a default: the new schema cannot read old data (not backward); old readers ignore it (forward).
    [InlineData(CompatibilityLevel.Backward, "AddWithoutDefault", false)]
    [InlineData(CompatibilityLevel.Forward, "AddWithoutDefault", true)]
    [InlineData(CompatibilityLevel.Full, "AddWithoutDefault", false)]
    // Removing a field without a default in the old schema: new readers skip it (backward); old readers miss it (not forward).
    [InlineData(CompatibilityLevel.Backward, "RemoveField", true)]
    [InlineData(CompatibilityLevel.Forward, "RemoveField", false)]
    [InlineData(CompatibilityLevel.Full, "RemoveField", false)]
    [InlineData(CompatibilityLevel.None, "AddWithoutDefault", true)]
    public void Levels_judge_the_classic_evolutions(CompatibilityLevel level, string candidate, bool compatible)
    {
        var schema = candidate switch
        {
            "AddWithDefault" => AddWithDefault,
            "AddWithoutDefault" => AddWithoutDefault,
            _ => RemoveField,
        };

        Assert.Equal(compatible, CompatibilityChecker.Check(schema, [(1, V1)], level).Count == 0);
    }

    [Fact]
    public void Transitive_levels_compare_with_every_version_and_plain_ones_with_the_latest()
    {
        // v1 has only 'id'; v2 adds 'n' with a default; v3 drops the default. v3 reads v2's data but not v1's.
        AvroSchema[] versions = [V1, AddWithDefault];

        Assert.Empty(CompatibilityChecker.Check(AddWithoutDefault, [(1, versions[0]), (2, versions[1])], CompatibilityLevel.Backward));
        var problems = CompatibilityChecker.Check(AddWithoutDefault, [(1, versions[0]), (2, versions[1])], CompatibilityLevel.BackwardTransitive);
        Assert.Single(problems);
        Assert.Contains("version 1", problems[0], StringComparison.Ordinal);
    }

    private static AvroSchema Record(string fields) =>
        AvroSchema.Parse($$"""{"type":"record","name":"Order","fields":[{{fields}}]}""");
}
