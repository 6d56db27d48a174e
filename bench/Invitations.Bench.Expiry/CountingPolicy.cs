using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Invitations.Bench.Expiry;

/// <summary>
/// Counts what goes over the wire: every HTTP request (one round trip, retries included) and every entity a
/// response carries (a query page's <c>value</c> array, or 1 for a point read).
/// </summary>
internal sealed class CountingPolicy : HttpPipelineSynchronousPolicy
{
    private long _roundTrips;
    private long _entitiesRead;

    public long RoundTrips => Interlocked.Read(ref _roundTrips);
    public long EntitiesRead => Interlocked.Read(ref _entitiesRead);

    public void Reset()
    {
        Interlocked.Exchange(ref _roundTrips, 0);
        Interlocked.Exchange(ref _entitiesRead, 0);
    }

    public override void OnReceivedResponse(HttpMessage message)
    {
        Interlocked.Increment(ref _roundTrips);
        if (message.Request.Method != RequestMethod.Get || message.Response.Status != 200 ||
            message.Response.Content is not { } content || message.Request.Uri.Path.EndsWith("/Tables", StringComparison.Ordinal))
        {
            return;
        }

        Interlocked.Add(ref _entitiesRead, CountEntities(content.ToMemory().Span));
    }

    private static long CountEntities(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return 0;
        }

        // A query answers {"odata.metadata":…, "value":[{…},{…}]}; a point read answers the entity itself.
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("value"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return 1;
                }

                long count = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        count++;
                        reader.Skip();
                    }
                }

                return count;
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }

        return 1;
    }
}
