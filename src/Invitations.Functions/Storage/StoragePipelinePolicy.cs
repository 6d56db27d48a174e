using Azure.Core;
using Azure.Core.Pipeline;

namespace Invitations.Storage;

/// <summary>
/// An extra Azure.Core pipeline policy for the app's table and queue clients, registered in DI with
/// <see cref="StorageExtensions.AddStoragePipelinePolicy"/>. The app registers none; the request benchmark adds a counter.
/// <see cref="HttpPipelinePosition.PerRetry"/> sees every request that reaches storage, retries included.
/// </summary>
public sealed record StoragePipelinePolicy(HttpPipelinePolicy Policy, HttpPipelinePosition Position = HttpPipelinePosition.PerRetry)
{
    internal T AddTo<T>(T options) where T : ClientOptions
    {
        options.AddPolicy(Policy, Position);
        return options;
    }
}
