using Kappa.Log.Abstractions;
using Kappa.Log.Groups;
using Xunit;

namespace Kappa.Log.Tests.Groups;

public sealed class SoleMemberGroupTests
{
    [Fact]
    public async Task The_only_member_owns_every_partition_including_new_ones_and_gives_them_up_when_it_leaves()
    {
        var partitions = 3;
        var owner = new RecordingOwner();
        var group = new SoleMemberGroup("workers", () => partitions, owner);

        await group.PollAsync(TimeSpan.Zero);
        partitions = 5;
        await group.PollAsync(TimeSpan.Zero);
        await group.PollAsync(TimeSpan.Zero);
        group.Dispose();
        group.Dispose();

        Assert.Equal(["assigned 0,1,2", "assigned 3,4", "revoked 0,1,2,3,4"], owner.Calls);
        Assert.Empty(group.Assignment);
    }

    [Fact]
    public async Task A_member_of_a_topic_that_does_not_exist_yet_owns_nothing_until_it_does()
    {
        var partitions = 0;
        var owner = new RecordingOwner();
        using var group = new SoleMemberGroup("workers", () => partitions, owner);

        await group.PollAsync(TimeSpan.Zero);
        Assert.Empty(owner.Calls);
        partitions = 2;
        await group.PollAsync(TimeSpan.Zero);

        Assert.Equal(["assigned 0,1"], owner.Calls);
        Assert.Equal([0, 1], group.Assignment);
    }

    private sealed class RecordingOwner : IPartitionOwner
    {
        public List<string> Calls { get; } = [];

        public void Assigned(IReadOnlyList<int> partitions) => Calls.Add($"assigned {string.Join(',', partitions)}");

        public void Revoked(IReadOnlyList<int> partitions) => Calls.Add($"revoked {string.Join(',', partitions)}");

        public void Lost(IReadOnlyList<int> partitions) => Calls.Add($"lost {string.Join(',', partitions)}");
    }
}
