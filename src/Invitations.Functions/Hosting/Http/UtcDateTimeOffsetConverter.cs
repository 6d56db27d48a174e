using System.Text.Json;
using System.Text.Json.Serialization;

namespace Invitations.Hosting.Http;

/// <summary>
/// Writes every <see cref="DateTimeOffset"/> as UTC with a <c>Z</c> (as <see cref="DateTime"/> values of kind UTC are
/// written), never <c>+00:00</c>: the API promises one time format. Reads any ISO 8601 offset.
/// </summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.UtcDateTime);
    }
}
