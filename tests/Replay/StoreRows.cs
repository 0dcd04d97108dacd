using System.Text;
using System.Text.Json;
using Kappa.Contracts;
using Kappa.Contracts.Views;
using Kappa.Views.Store;

namespace Kappa.Replay.Tests;

/// <summary>Writes view rows into a real <see cref="ViewStore"/> the way the materializer does.</summary>
internal static class StoreRows
{
    public static void Write(ViewStore store, int version, params (string Key, int Hour, long Orders, decimal Total)[] rows) =>
        store.Apply("sales", version, [.. rows.Select(r => Row(r.Key, r.Hour, r.Orders, r.Total))], new Dictionary<int, long>());

    private static RowUpsert Row(string key, int hour, long orders, decimal total)
    {
        var start = DateTimeOffset.FromUnixTimeMilliseconds(hour * 3_600_000L);
        var row = new ViewRow(key, start, start.AddHours(1), new Dictionary<string, JsonElement>
        {
            ["orders"] = JsonSerializer.SerializeToElement(orders),
            ["total"] = JsonSerializer.SerializeToElement(total),
        });
        return new RowUpsert(RowKey.Encode(Encoding.UTF8.GetBytes(key), start.ToUnixTimeMilliseconds()), JsonSerializer.SerializeToUtf8Bytes(row, KappaJson.Options));
    }
}
