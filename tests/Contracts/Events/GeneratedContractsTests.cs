using System.Text.Json.Nodes;
using Kappa.Contracts.Avro;
using Kappa.Contracts.Events;
using Kappa.Contracts.Tests.Avro;
using Xunit;

namespace Kappa.Contracts.Tests.Events;

/// <summary>The types generated from src/Contracts/Events/*.avsc round-trip through Kappa's codec and Apache's.</summary>
public sealed class GeneratedContractsTests
{
    private const long Ts = 1795341600123;

    private static readonly Bid SampleBid = new() { Auction = 1000, Bidder = 2001, Price = 12_345, Channel = "web", Url = "https://x/1", DateTime = Ts, Extra = "" };

    private static readonly Order SampleOrder = new()
    {
        OrderId = "o-1",
        Customer = "alice",
        Amount = 19.99,
        Items = ["sku-1", "sku-2"],
        Status = OrderStatus.PAID,
        Ts = Ts,
    };

    private static readonly Payment SamplePayment = new()
    {
        PaymentId = "p-1",
        OrderId = "o-1",
        Amount = AvroLogical.FromDecimal(new AvroDecimal(1999, 2)),
        Method = PaymentMethod.WALLET,
        Metadata = new(StringComparer.Ordinal) { ["provider"] = "acme" },
        Ts = Ts,
    };

    private static readonly PageView SamplePageView = new() { User = "bob", Page = "/pricing", DurationMs = 1500, Ts = Ts };

    [Fact]
    public void Every_generated_type_round_trips_through_the_codec()
    {
        var bid = Bid.Decode(SampleBid.Encode());
        Assert.Equal((SampleBid.Auction, SampleBid.Price, SampleBid.Channel, SampleBid.DateTime), (bid.Auction, bid.Price, bid.Channel, bid.DateTime));

        var order = Order.Decode(SampleOrder.Encode());
        Assert.Equal(["sku-1", "sku-2"], order.Items);
        Assert.Equal(OrderStatus.PAID, order.Status);
        // The .avsc defaults are the C# initializers.
        Assert.Equal("EUR", order.Currency);
        Assert.Equal(OrderStatus.PLACED, new Order().Status);

        var payment = Payment.Decode(SamplePayment.Encode());
        Assert.Equal(new AvroDecimal(1999, 2), AvroLogical.ToDecimal(payment.Amount, 2));
        Assert.Equal(PaymentMethod.WALLET, payment.Method);
        Assert.Equal("acme", payment.Metadata["provider"]);

        var view = PageView.Decode(SamplePageView.Encode());
        Assert.Null(view.Referrer);
        Assert.Equal(1500, view.DurationMs);

        var person = Person.Decode(new Person { Id = 7, Name = "Ann", EmailAddress = "a@x", CreditCard = "1", City = "Oslo", State = "NO", DateTime = Ts }.Encode());
        Assert.Equal("Oslo", person.City);
        var auction = Auction.Decode(new Auction { Id = 9, ItemName = "lamp", InitialBid = 5, Reserve = 10, DateTime = Ts, Expires = Ts + 1, Seller = 7, Category = 3 }.Encode());
        Assert.Equal(Ts + 1, auction.Expires);
    }

    [Fact]
    public void The_typed_codec_writes_the_same_bytes_as_the_generic_one_and_reads_them_back()
    {
        Assert.Equal(new AvroDatumWriter(Bid.Schema).Encode(SampleBid.ToAvro()), SampleBid.Encode());
        Assert.Equal(new AvroDatumWriter(Order.Schema).Encode(SampleOrder.ToAvro()), SampleOrder.Encode());
        Assert.Equal(new AvroDatumWriter(Payment.Schema).Encode(SamplePayment.ToAvro()), SamplePayment.Encode());
        Assert.Equal(new AvroDatumWriter(PageView.Schema).Encode(SamplePageView.ToAvro()), SamplePageView.Encode());
        var withReferrer = new PageView { User = "u", Page = "/", Referrer = "https://r", Ts = Ts };
        Assert.Equal(new AvroDatumWriter(PageView.Schema).Encode(withReferrer.ToAvro()), withReferrer.Encode());

        var order = Order.FromAvro((AvroRecord)new AvroDatumReader(Order.Schema).Decode(SampleOrder.Encode())!);
        Assert.Equal(SampleOrder.Items, order.Items);
        Assert.Equal("https://r", PageView.Decode(withReferrer.Encode()).Referrer);
    }

    [Fact]
    public void The_typed_codec_rejects_bad_input_and_undefined_enum_values_clearly()
    {
        var encoded = SampleOrder.Encode();

        Assert.Throws<AvroDecodeException>(() => Order.Decode(encoded.AsSpan(0, encoded.Length - 1)));
        Assert.Throws<AvroDecodeException>(() => Order.Decode([.. encoded, 0]));
        var bad = new Order { Status = (OrderStatus)9 };
        Assert.Contains("not a symbol of enum OrderStatus", Assert.Throws<AvroEncodeException>(() => bad.Encode()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apaches_python_implementation_decodes_what_the_generated_types_encode()
    {
        var requests = new JsonArray(
            Request(Bid.SchemaJson, SampleBid.Encode()),
            Request(Order.SchemaJson, SampleOrder.Encode()),
            Request(Payment.SchemaJson, SamplePayment.Encode()),
            Request(PageView.SchemaJson, SamplePageView.Encode()));

        var answers = PythonAvro.RunWithInput(requests.ToJsonString(), "decode").AsArray();

        var bid = answers[0]!["value"]!;
        Assert.Equal(12_345, (long)bid["price"]!);
        Assert.Equal("web", (string)bid["channel"]!);
        Assert.Equal(Ts * 1000, (long)bid["dateTime"]!);
        var order = answers[1]!["value"]!;
        Assert.Equal("PAID", (string)order["status"]!);
        Assert.Equal(2, order["items"]!.AsArray().Count);
        var payment = answers[2]!["value"]!;
        Assert.Equal("19.99", (string)payment["amount"]!);
        Assert.Equal("WALLET", (string)payment["method"]!);
        Assert.Equal("acme", (string)payment["metadata"]!["provider"]!);
        var view = answers[3]!["value"]!;
        Assert.Null(view["referrer"]);
        Assert.Equal(1500, (int)view["duration_ms"]!);
    }

    private static JsonObject Request(string schema, byte[] data) => new()
    {
        ["schema"] = schema,
        ["hex"] = Convert.ToHexStringLower(data),
    };
}
